// The console's catalogs are joined from three parts (base, analyst, admin): a key in two parts would be
// silently overridden by the later one, which once turned the analyst's Romanian "Afișează" into "Arată".
import { describe, expect, it } from 'vitest';
import { catalogParts, catalogs } from '../../functions/console/messages.ts';

describe('the console catalogs', () => {
  it('give every key to one part only', () => {
    const owners = new Map<string, string[]>();
    for (const [part, catalog] of Object.entries(catalogParts))
      for (const key of Object.keys(catalog)) owners.set(key, [...(owners.get(key) ?? []), part]);
    const shared = [...owners].filter(([, parts]) => parts.length > 1);
    expect(shared).toEqual([]);
  });

  it('say every sentence in both languages', () => {
    const keys = Object.keys(catalogs.en).sort();
    expect(Object.keys(catalogs.ro).sort()).toEqual(keys);
    for (const key of keys) {
      expect(catalogs.ro[key as keyof typeof catalogs.ro], key).not.toBe('');
      expect(catalogs.en[key as keyof typeof catalogs.en], key).not.toBe('');
    }
  });
});
