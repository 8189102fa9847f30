// The admin's Places: a county's meeting points and restricted addresses (list, add, delete after a
// confirmation that says what the deletion changes), and the e-mail
// addresses a unit or a county is notified at. Every change goes through the API, which audits it.
import { COUNTIES } from '../../../shared/domain/enums.ts';
import { PLACE_KINDS } from '../../../shared/domain/place.ts';
import { ApiProblem } from '../api-client.ts';
import {
  Csrf,
  ErrorSummary,
  Field,
  type FieldErrors,
  Layout,
  Notice,
  Select,
  Table,
  TextArea,
} from '../components.tsx';
import { redirect } from '../console-http.ts';
import type { Catalog } from '../messages.ts';
import { type PageContext, page, problemFields } from '../page-context.ts';

interface PlaceRow {
  id: string;
  county: string;
  kind: string;
  name: string;
  address: string;
}

const isCounty = (value: string | null | undefined): value is string =>
  (COUNTIES as readonly (string | null | undefined)[]).includes(value);
const kindLabel = (t: Catalog, kind: string) =>
  kind === 'restricted' ? t.restrictedAddress : t.meetingPoint;

async function placesView(
  ctx: PageContext,
  county: string,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  const { t } = ctx;
  const listed = await ctx.get(`/places?county=${county}&limit=100`);
  const places = listed.items as PlaceRow[];
  const notice = ctx.request.query.get('done');
  return page(
    <Layout frame={ctx.frame} title={t.places}>
      {notice === 'added' && <Notice>{t.placeAdded}</Notice>}
      {notice === 'deleted' && <Notice>{t.placeDeleted}</Notice>}
      <p>
        <a href="/console/notification-targets">{t.notificationTargets}</a>
      </p>
      <form method="get" action="/console/places" class="search">
        <Select name="county" label={t.county} options={COUNTIES} value={county} errors={{}} />
        <button type="submit" class="secondary">
          {t.show}
        </button>
      </form>
      {places.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <Table
          caption={`${t.places}: ${county}`}
          head={[t.placeName, t.address, t.kind, t.actions]}
          rows={places.map((p) => [
            p.name,
            p.address,
            kindLabel(t, p.kind),
            // A read: it opens the confirmation, which alone deletes.
            <form method="get" action={`/console/places/${p.id}/delete`} class="inline">
              <input type="hidden" name="county" value={county} />
              <button type="submit" class="warning" aria-label={`${t.deletePlace}: ${p.name}`}>
                {t.deletePlace}
              </button>
            </form>,
          ])}
        />
      )}
      <h2>{t.addPlace}</h2>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/console/places" novalidate>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="county" value={county} />
        <Field
          name="name"
          label={t.placeName}
          hint={t.placeNameHint}
          value={values['name']}
          errors={errors}
        />
        <Field name="address" label={t.address} value={values['address']} errors={errors} />
        <Select
          name="kind"
          label={t.kind}
          options={PLACE_KINDS.map((kind) => [kind, kindLabel(t, kind)] as [string, string])}
          value={values['kind'] ?? 'meeting_point'}
          errors={errors}
        />
        <button type="submit">{t.addPlace}</button>
      </form>
    </Layout>,
  );
}

const countyOf = (value: string | null | undefined) => (isCounty(value) ? value : (COUNTIES[0] as string));

export async function placesPage(ctx: PageContext) {
  return placesView(ctx, countyOf(ctx.request.query.get('county')), {}, {});
}

export async function addPlace(ctx: PageContext) {
  const values = Object.fromEntries(ctx.request.form);
  const county = countyOf(values['county']);
  try {
    await ctx.api('POST', '/places', {
      body: { county, name: values['name'] ?? '', address: values['address'] ?? '', kind: values['kind'] },
    });
    return redirect(`/console/places?county=${county}&done=added`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    return placesView(ctx, county, values, problemFields(error, ctx.t));
  }
}

/** The confirmation: what the place is and what its deletion changes; nothing is deleted here. */
export async function confirmDeletePlace(ctx: PageContext) {
  const { t } = ctx;
  const county = countyOf(ctx.request.query.get('county'));
  const listed = await ctx.get(`/places?county=${county}&limit=100`);
  const place = (listed.items as PlaceRow[]).find((p) => p.id === ctx.params['placeId']);
  // Already gone (deleted in another tab, or never in this county): the list says what there is.
  if (!place) return redirect(`/console/places?county=${county}`);
  return page(
    <Layout frame={ctx.frame} title={t.confirmDeletePlace}>
      <dl class="summary">
        <dt>{t.placeName}</dt>
        <dd>{place.name}</dd>
        <dt>{t.address}</dt>
        <dd>{place.address}</dd>
        <dt>{t.kind}</dt>
        <dd>{kindLabel(t, place.kind)}</dd>
        <dt>{t.county}</dt>
        <dd>{place.county}</dd>
      </dl>
      <p>{place.kind === 'restricted' ? t.deleteRestrictedEffect : t.deleteMeetingPointEffect}</p>
      <form method="post" action={`/console/places/${place.id}/delete`}>
        <Csrf token={ctx.session.csrf} />
        <input type="hidden" name="county" value={county} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="warning">
          {t.deletePlaceConfirmed}
        </button>
      </form>
      <p>
        <a href={`/console/places?county=${county}`}>{t.keepPlace}</a>
      </p>
    </Layout>,
  );
}

export async function deletePlace(ctx: PageContext) {
  const county = countyOf(ctx.request.form.get('county'));
  const placeId = ctx.params['placeId'] as string;
  // Only the confirmation's form deletes; any other post is sent to it.
  if (ctx.request.form.get('confirm') !== 'yes') {
    return redirect(`/console/places/${placeId}/delete?county=${county}`);
  }
  await ctx.api('DELETE', `/places/${placeId}`);
  return redirect(`/console/places?county=${county}&done=deleted`);
}

// ---- notification targets ------------------------------------------------------------------------------

const SCOPE = /^(unit|county):[A-Z0-9-]{1,40}$/;

async function targetsView(
  ctx: PageContext,
  scope: string,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  const { t } = ctx;
  const current =
    scope && SCOPE.test(scope) && !errors['scope']
      ? await ctx.get(`/notification-targets/${scope}`)
      : undefined;
  const emails = values['emails'] ?? ((current?.emails ?? []) as string[]).join('\n');
  return page(
    <Layout frame={ctx.frame} title={t.notificationTargets}>
      {ctx.request.query.get('done') === 'saved' && <Notice>{t.targetsSaved}</Notice>}
      <p class="hint">{t.notificationTargetsHint}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="get" action="/console/notification-targets" class="search">
        <Field name="scope" label={t.scope} hint={t.scopeHint} value={scope} errors={current ? {} : errors} />
        <button type="submit" class="secondary">
          {t.show}
        </button>
      </form>
      {current && (
        <form method="post" action="/console/notification-targets" novalidate>
          <Csrf token={ctx.session.csrf} />
          <input type="hidden" name="scope" value={scope} />
          <input type="hidden" name="version" value={values['version'] ?? String(current.version)} />
          <TextArea name="emails" label={`${t.emailAddresses}: ${scope}`} value={emails} errors={errors} />
          <button type="submit">{t.saveTargets}</button>
        </form>
      )}
    </Layout>,
  );
}

export async function notificationTargetsPage(ctx: PageContext) {
  const scope = (ctx.request.query.get('scope') ?? '').trim();
  const errors: FieldErrors = scope && !SCOPE.test(scope) ? { scope: ctx.t.scopeHint } : {};
  return targetsView(ctx, scope, {}, errors);
}

export async function saveNotificationTargets(ctx: PageContext) {
  const values = Object.fromEntries(ctx.request.form);
  const scope = (values['scope'] ?? '').trim();
  if (!SCOPE.test(scope)) return targetsView(ctx, scope, values, { scope: ctx.t.scopeHint });
  const emails = (values['emails'] ?? '')
    .split(/[\n,;]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  try {
    await ctx.api('PUT', `/notification-targets/${scope}`, {
      body: { emails },
      ifMatch: values['version'] ?? '0',
    });
    return redirect(`/console/notification-targets?scope=${encodeURIComponent(scope)}&done=saved`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
    const fields = problemFields(error, ctx.t);
    // `emails.2` names one line of the list; the list is one field. A stale version sends the reader back.
    const message = Object.values(fields)[0] ?? ctx.t.serverErrorBody;
    const stale = error.status === 412 || error.status === 409;
    return targetsView(ctx, scope, stale ? { emails: values['emails'] ?? '' } : values, {
      emails: stale ? ctx.t.staleVersion : message,
    });
  }
}
