export {
  createLanesServer,
  serveStdio,
  toolResult,
  GUIDE_URI,
  type LanesServer,
  type LanesServerOptions,
  type RunLanes,
} from './server.js';
export { LANES_TOOLS, type LanesTool, type ToolName } from './tools.js';
