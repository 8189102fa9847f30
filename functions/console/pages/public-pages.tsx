// Pages shown without a session: the local sign-in form, and the error pages.
import { COUNTIES, ROLES } from '../../../shared/domain/enums.ts';
import { Csrf, ErrorSummary, Field, type FieldErrors, Layout, Notice, Select } from '../components.tsx';
import { type ConsoleRequest, here } from '../console-request.ts';
import { catalogs } from '../messages.ts';
import { page } from '../page-context.ts';

export function localSignInPage(
  request: ConsoleRequest,
  csrf: string,
  values: Record<string, string>,
  errors: FieldErrors,
  status = 200,
) {
  const t = catalogs[request.locale];
  return page(
    <Layout frame={{ t, locale: request.locale, here: here(request) }} title={t.signInTitle}>
      {request.query.get('ended') === '1' && <Notice>{t.sessionEnded}</Notice>}
      <ErrorSummary t={t} errors={errors} />
      <p class="hint">{t.signInLocalHint}</p>
      <form method="post" action="/console/login" novalidate>
        <Csrf token={csrf} />
        <Select
          name="role"
          label={t.role}
          options={ROLES}
          value={values['role'] ?? 'coordinator'}
          errors={errors}
        />
        <Select
          name="county"
          label={t.county}
          options={COUNTIES}
          value={values['county'] ?? 'DJ'}
          errors={errors}
          blank
        />
        <Field name="unit" label={t.prosecutorUnit} value={values['unit']} errors={errors} />
        <Field name="sub" label={t.user} value={values['sub']} errors={errors} />
        <button type="submit">{t.signIn}</button>
      </form>
    </Layout>,
    status,
  );
}

export function errorPage(request: ConsoleRequest, status: 403 | 404 | 500, role?: string, csrf?: string) {
  const t = catalogs[request.locale];
  const [title, body] =
    status === 404
      ? [t.notFound, t.notFoundBody]
      : status === 403
        ? [t.forbidden, t.forbiddenBody]
        : [t.serverError, t.serverErrorBody];
  return page(
    <Layout frame={{ t, locale: request.locale, here: here(request), role, csrf }} title={title}>
      <p>{body}</p>
    </Layout>,
    status,
  );
}
