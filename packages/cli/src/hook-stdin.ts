/**
 * All of standard input, for `lanes hook pre-push` (git writes the pushed refs there).
 * A terminal gives nothing: someone trying the command by hand must not hang.
 */
export async function readAllStdin(stream: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stream.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}
