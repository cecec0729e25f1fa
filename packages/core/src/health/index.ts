export {
  type HealthServer,
  type HealthServerOptions,
  type StatsSource,
  startHealthServer,
  unhealthyReason,
} from './server.js';
export { type BotStats, type SessionStatus, statusOf } from './stats.js';
