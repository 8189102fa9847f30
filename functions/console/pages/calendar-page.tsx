// The week's hearings (the coordinator's own, or the prosecutor unit's), week by week, with the .ics download.
import { addDays, localParts, zonedTimeToUtc } from '../../../shared/domain/bucharest-time.ts';
import * as clock from '../../../shared/domain/clock.ts';
import { Layout, Table } from '../components.tsx';
import type { ConsoleResponse } from '../console-http.ts';
import { securityHeaders } from '../console-http.ts';
import { enumLabel } from '../messages.ts';
import { formatInstant, type PageContext, page } from '../page-context.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The Monday (Bucharest) of `?week=`, or of this week; and the instants the week starts and ends at. */
function weekOf(asked: string | null) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asked ?? '');
  const day = match
    ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
    : localParts(clock.now());
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  const monday = addDays(day, -((weekday + 6) % 7));
  const from = zonedTimeToUtc({ ...monday, hour: 0, minute: 0 });
  const to = zonedTimeToUtc({ ...addDays(monday, 7), hour: 0, minute: 0 });
  const label = (d: { year: number; month: number; day: number }) =>
    `${d.year}-${pad(d.month)}-${pad(d.day)}`;
  return {
    monday: label(monday),
    previous: label(addDays(monday, -7)),
    next: label(addDays(monday, 7)),
    from: from.toISOString(),
    to: to.toISOString(),
  };
}

export async function calendarPage(ctx: PageContext) {
  const { t, locale } = ctx;
  const week = weekOf(ctx.request.query.get('week'));
  const listed = await ctx.get(`/hearings?from=${week.from}&to=${week.to}&limit=100`);
  const hearings = listed.items as {
    id: string;
    caseId: string;
    pseudonym: string;
    startsAt: string;
    kind: string;
    status: string;
  }[];
  return page(
    <Layout frame={ctx.frame} title={t.calendar}>
      <p>
        {t.week} {formatInstant(locale, week.from, 'date')}
      </p>
      <nav aria-label={t.calendar} class="pager">
        <a href={`/console/calendar?week=${week.previous}`}>{t.previousWeek}</a>{' '}
        <a href={`/console/calendar?week=${week.next}`}>{t.nextWeek}</a>{' '}
        <a href={`/console/calendar.ics?week=${week.monday}`}>{t.icsLink}</a>
      </nav>
      {hearings.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={`${t.week} ${formatInstant(locale, week.from, 'date')}`}
          head={[t.date, t.pseudonym, t.kind, t.status]}
          rows={hearings.map((h) => [
            formatInstant(locale, h.startsAt),
            <a href={`/console/cases/${h.caseId}`}>{h.pseudonym}</a>,
            enumLabel(h.kind),
            enumLabel(h.status),
          ])}
        />
      )}
    </Layout>,
  );
}

/** The week as iCalendar, fetched from the API with the user's token (a browser never holds the token). */
export async function calendarIcs(ctx: PageContext): Promise<ConsoleResponse> {
  const week = weekOf(ctx.request.query.get('week'));
  const answer = await ctx.api('GET', `/hearings.ics?from=${week.from}&to=${week.to}`);
  return {
    statusCode: 200,
    headers: {
      ...securityHeaders(),
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="hearings-${week.monday}.ics"`,
      'cache-control': 'no-store',
    },
    body: answer.text,
  };
}
