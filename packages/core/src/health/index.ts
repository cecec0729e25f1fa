export {
  type HealthServer,
  type HealthServerOptions,
  type StatsSource,
  startHealthServer,
  unhealthyReason,
} from './server.js';
export type { BotStats } from './stats.js';
