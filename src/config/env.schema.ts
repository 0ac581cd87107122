import { z } from 'zod';

const DEVELOPMENT_SESSION_SECRET = 'development-only-secret-change-me-in-production-0000';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(' or ')}`,
  );

// Defaults match scripts/services.sh (local profile), so a fresh clone runs with no .env file.
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://cascade:cascade@127.0.0.1:55432/cascade'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:56379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 lowercase letters, digits, - or _')
      .default('cascade'),
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    CONTENT_DIR: z.string().min(1).default('content'),
    // Uploaded attachments and generated PDFs (local-disk storage); .local/ is git-ignored.
    STORAGE_DIR: z.string().min(1).default('.local/files'),
    // A certified trainer's certification lasts this many months before recertification is due.
    TRAINER_RECERTIFICATION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SESSION_SECRET),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: url(['smtp:', 'smtps:']).default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().min(3).default('Cascade <no-reply@cascade.local>'),
    // Unset means: capture outside production. Resolved below, once NODE_ENV is known.
    MAIL_CAPTURE: z.enum(['true', 'false'], 'must be true or false').optional(),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET) {
      context.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must be set in production' });
    }
  })
  .transform((env) => ({
    ...env,
    /** Whether the API process runs the loopback SMTP server that keeps every mail for /dev/mailbox. */
    MAIL_CAPTURE: env.MAIL_CAPTURE === undefined ? env.NODE_ENV !== 'production' : env.MAIL_CAPTURE === 'true',
  }));

export type Env = z.infer<typeof envSchema>;
