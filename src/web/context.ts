import type { Context } from 'hono';
import { tryGetContext } from 'hono/context-storage';
import type { Viewer } from '../auth/auth.repository.js';

/** Per-request values the pages need: who is logged in (null for readers). */
export interface AppEnv {
  Variables: { viewer: Viewer | null; sessionToken: string | null };
}

export type AppContext = Context<AppEnv>;

/**
 * The current viewer, read by the layout from Hono's request context storage,
 * so every page (including ones rendered by other modules) shows the login
 * state without threading it through each component.
 */
export function currentViewer(): Viewer | null {
  return tryGetContext<AppEnv>()?.var.viewer ?? null;
}

/** The request's origin (scheme://host), for absolute links in feeds and citations. */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
