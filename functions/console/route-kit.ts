// What a console route is: a method, a path pattern, who may open it and the page that answers. Each role's
// pages list their routes beside them; the handler only joins the lists.
import type { ConsoleResponse } from './console-http.ts';
import type { PageContext } from './page-context.ts';

export type Page = (ctx: PageContext) => Promise<ConsoleResponse>;
export interface ConsoleRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  roles: readonly string[];
  page: Page;
}

/** A ULID: pages are addressed by ids, never by anything personal. */
export const ID = '[0-9A-HJKMNP-TV-Z]{26}';
export const both = ['coordinator', 'prosecutor'] as const;
export const coordinator = ['coordinator'] as const;
export const prosecutor = ['prosecutor'] as const;
export const analyst = ['analyst'] as const;
export const admin = ['admin'] as const;
export const at = (path: string) => new RegExp(`^/console${path}$`);

/** Where each role lands after signing in: its first menu entry. */
export const HOME: Record<string, string> = {
  coordinator: '/console/today',
  prosecutor: '/console/queue',
  analyst: '/console/indicators',
  admin: '/console/surveys',
};
