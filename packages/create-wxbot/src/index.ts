/**
 * `create-wxbot`: makes a new WeChat bot project (`npm create wxbot@latest my-bot`).
 *
 * @example
 * import { scaffold } from 'create-wxbot';
 * await scaffold({ dir: 'my-bot', cwd: process.cwd() });
 */
export { main } from './main.js';
export {
  packageNameFor,
  ScaffoldError,
  type ScaffoldOptions,
  type ScaffoldResult,
  scaffold,
  TARBALLS_ENV,
} from './scaffold.js';
export type { TemplateFile, WxbotDependencies } from './template.js';
