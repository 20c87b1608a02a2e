import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { authErrors } from './auth.errors.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './passwords.js';

/** Who is logged in, as the pages see it. */
export interface Viewer {
  name: string;
  role: string;
  csrfToken: string;
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;

const SESSION_DAYS = 14;
export const userNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(1024);

/** Editors' accounts and sessions. Session cookies hold a random token; the database holds only its hash. */
export function createAuthRepository({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async addUser(name: string, password: string, role = 'admin'): Promise<void> {
      const n = userNameSchema.safeParse(name);
      if (!n.success) throw authErrors.invalidUser(`Invalid user name: ${n.error.issues[0]?.message ?? 'invalid'}.`);
      const p = passwordSchema.safeParse(password);
      if (!p.success) throw authErrors.invalidUser(`Invalid password: ${p.error.issues[0]?.message ?? 'invalid'}.`);
      const exists = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
      if (exists) throw authErrors.userExists(`There is already a user named ${name}.`);
      await db
        .insertInto('users')
        .values({ name, password_hash: await hashPassword(password), role, created_at: clock.now().toISOString() })
        .execute();
    },

    /** Checks the password and opens a session; returns the cookie token. Same error for unknown user and wrong password. */
    async login(name: string, password: string): Promise<{ token: string; expires: Date }> {
      const user = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
      // Hash even for an unknown user so timing does not reveal which names exist.
      const ok = await verifyPassword(
        password,
        user?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      );
      if (!user || !ok) throw authErrors.invalidCredentials('Wrong user name or password.');
      const token = randomToken();
      const now = clock.now();
      const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
      await db
        .insertInto('sessions')
        .values({
          id: sha256(token),
          user_id: user.id,
          csrf_token: randomToken(),
          created_at: now.toISOString(),
          expires_at: expires.toISOString(),
        })
        .execute();
      return { token, expires };
    },

    async viewer(token: string): Promise<Viewer | null> {
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.name', 'u.role', 's.csrf_token', 's.expires_at'])
        .where('s.id', '=', sha256(token))
        .executeTakeFirst();
      if (!row || row.expires_at <= clock.now().toISOString()) return null;
      return { name: row.name, role: row.role, csrfToken: row.csrf_token };
    },

    async logout(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
    },
  };
}
