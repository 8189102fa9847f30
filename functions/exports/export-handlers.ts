// Analyst exports: parse (done by the middleware) -> call shared/ -> respond as JSON or as a CSV download.
// Not audited: an export holds counts of strata, no personal data.
import { feedbackCsv, indicatorsCsv } from '../../shared/domain/export-csv.ts';
import type { ApiResult, RequestOf } from '../../shared/http/route.ts';
import type { exportRoutes } from '../../shared/http/routes/export-routes.ts';
import { feedbackExport, indicatorsExport } from '../../shared/services/export-service.ts';

type Req<Id extends (typeof exportRoutes)[number]['id']> = RequestOf<typeof exportRoutes, Id>;

function csvDownload(text: string, filename: string): ApiResult {
  return {
    status: 200,
    text,
    contentType: 'text/csv; charset=utf-8',
    headers: { 'content-disposition': `attachment; filename="${filename}"` },
  };
}

export const exportHandlers = {
  exportFeedback: async (req: Req<'exportFeedback'>): Promise<ApiResult> => {
    const { format, dialect, ...query } = req.query;
    const result = await feedbackExport(query);
    if (format === 'csv') {
      const text = feedbackCsv(result, query.groupBy, dialect);
      return csvDownload(text, `feedback-${query.surveyId}-${query.wave}.csv`);
    }
    return { status: 200, body: result };
  },
  exportIndicators: async (req: Req<'exportIndicators'>): Promise<ApiResult> => {
    const { format, dialect, ...query } = req.query;
    const result = await indicatorsExport(query);
    if (format === 'csv')
      return csvDownload(indicatorsCsv(result, dialect), `indicators-${query.period}.csv`);
    return { status: 200, body: result };
  },
};
