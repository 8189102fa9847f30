// Every e2e file ends by checking that each response it received is one the OpenAPI document describes.
import { afterAll, expect } from 'vitest';
import { openApiReport, writeReport } from './openapi-validation.ts';

afterAll(() => {
  writeReport();
  const { checked, violations } = openApiReport();
  expect(violations, `openapi: ${checked} responses checked, ${violations.length} violations`).toEqual([]);
});
