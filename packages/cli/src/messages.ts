// Every user-facing string of the CLI frame lives here (STYLE.md: messages in one place).
export const messages = {
  seeHelp: "run 'lanes --help' for the list of commands",
  reportBug: 'this is a bug in lanes; please report it with the command you ran and this output',
  unknownCommand: (words: string) =>
    words ? `unknown command '${words}'` : 'a command is required',
  tooManyArguments: (command: string, extra: string[]) =>
    `${command}: unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((e) => `'${e}'`).join(' ')}`,
  internal: (caught: unknown) =>
    `internal error: ${caught instanceof Error ? caught.message : String(caught)}`,
};
