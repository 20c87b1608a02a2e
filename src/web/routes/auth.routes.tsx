import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Services } from '../../app/services.js';
import { authErrors } from '../../auth/auth.errors.js';
import type { Viewer } from '../../auth/auth.repository.js';
import { randomToken, safeEqual } from '../../auth/passwords.js';
import { isDeclassError } from '../../shared/errors.js';
import type { AppContext, AppEnv } from '../context.js';
import { LoginPage } from '../pages/login.js';

const SESSION_COOKIE = 'declass_session';
const LOGIN_CSRF_COOKIE = 'declass_login_csrf';

const isHttps = (c: AppContext) => new URL(c.req.url).protocol === 'https:';
/** Only same-site paths, never `//host` or a scheme: no open redirect after login. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/editor');

const loginForm = z.object({ name: z.string().max(64), password: z.string().max(1024), next: z.string().max(2000).default('/editor') });

/** The logged-in editor, or a 401 (`auth.login_required`). */
export function requireEditor(c: AppContext): Viewer {
  const v = c.get('viewer');
  if (!v) throw authErrors.loginRequired('Log in as an editor to do this.');
  return v;
}

/** For GET pages behind the login: send readers to the login form, coming back here after. */
export function loginRedirect(c: AppContext): Response | null {
  return c.get('viewer') ? null : c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
}

/**
 * Sessions and CSRF. Every request learns its viewer from the session cookie.
 * Every POST must come from this origin (Origin header, when sent) and carry
 * the session's CSRF token in its `csrf` field; the login form, before any
 * session exists, uses a double-submit cookie instead.
 */
export function registerAuth(app: Hono<AppEnv>, s: Services): void {
  app.use('*', async (c: AppContext, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const viewer = token ? await s.auth.viewer(token) : null;
    c.set('sessionToken', viewer ? token : null);
    c.set('viewer', viewer);
    if (c.req.method === 'POST' && !c.req.path.startsWith('/api/')) {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin)
        throw authErrors.csrf('This form was sent from another site.');
      if (origin === 'null') throw authErrors.csrf('This form was sent from another site.');
      const body = await c.req.parseBody();
      const sent = typeof body.csrf === 'string' ? body.csrf : '';
      const isLogin = c.req.path === '/login';
      if (!isLogin && !viewer) throw authErrors.loginRequired('Your session has ended; log in again.');
      const expected = isLogin ? getCookie(c, LOGIN_CSRF_COOKIE) : viewer?.csrfToken;
      if (!expected || !sent || !safeEqual(sent, expected))
        throw authErrors.csrf('The form has expired or did not come from this site: reload the page and try again.');
    }
    await next();
  });

  const loginCsrf = (c: AppContext) => {
    let t = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!t || t.length < 40) {
      t = randomToken();
      setCookie(c, LOGIN_CSRF_COOKIE, t, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/login', maxAge: 3600 });
    }
    return t;
  };

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('viewer')) return c.redirect(next, 303);
    return c.html(<LoginPage csrf={loginCsrf(c)} next={next} />);
  });

  app.post('/login', async (c) => {
    const parsed = loginForm.safeParse(await c.req.parseBody());
    const next = safeNext(parsed.success ? parsed.data.next : undefined);
    try {
      if (!parsed.success) throw authErrors.invalidCredentials('Wrong user name or password.');
      const { token, expires } = await s.auth.login(parsed.data.name, parsed.data.password);
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', expires });
      deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
      return c.redirect(next, 303);
    } catch (err) {
      if (!isDeclassError(err) || err.code !== 'auth.invalid_credentials') throw err;
      return c.html(<LoginPage csrf={loginCsrf(c)} next={next} error={err.message} name={parsed.success ? parsed.data.name : ''} />, 401);
    }
  });

  app.post('/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await s.auth.logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });
}
