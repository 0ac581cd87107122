import { envSchema, type Env } from './env.schema.js';

export class ConfigError extends Error {}

/** Validates the environment once; a bad value stops the process with a message naming the variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** Injection token for the validated configuration. */
export const CONFIG = Symbol('CONFIG');
export type AppConfig = Env;
