import { PRICE_TABLE, Price, RegionPrices } from '../../src/cost';

/** Every price of a region, named by its field (and key, for the per-architecture and per-size ones). */
function pricesOf(region: RegionPrices): Array<[string, Price]> {
  return Object.entries(region).flatMap(([field, value]): Array<[string, Price]> => {
    if (typeof value === 'string') return [];
    if ('unit' in value) return [[field, value as Price]];
    return Object.entries(value as Record<string, Price>).map(([key, price]) => [`${field}.${key}`, price]);
  });
}

describe('the price table', () => {
  test('has the date it was read, and us-east-1, eu-west-1 and ap-southeast-2 with arm64 and x86_64 prices', () => {
    expect(PRICE_TABLE.read).toBe('2026-12-06');
    expect(Object.keys(PRICE_TABLE.regions)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
    for (const region of Object.values(PRICE_TABLE.regions)) {
      expect(Object.keys(region.lambdaDuration).sort()).toEqual(['arm64', 'x86_64']);
      expect(Object.keys(region.lambdaProvisionedConcurrency).sort()).toEqual(['arm64', 'x86_64']);
    }
  });

  test('gives every region the same prices, each found with a positive amount or missing with a reason, never copied', () => {
    const names = pricesOf(PRICE_TABLE.regions['us-east-1']).map(([name]) => name);
    for (const region of Object.values(PRICE_TABLE.regions)) {
      const prices = pricesOf(region);
      expect(prices.map(([name]) => name)).toEqual(names);
      for (const [name, price] of prices) {
        expect([name, price.page]).toEqual([name, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
        if (price.usd === undefined) {
          expect([name, price.missing]).toEqual([name, expect.stringMatching(/^not found|^no price/)]);
        } else {
          expect([name, price.usd]).toEqual([name, expect.any(Number)]);
          expect(price.usd).toBeGreaterThan(0);
        }
      }
    }
  });

  test('us-east-1 has every price but the cache sizes over 0.5 GB; the other regions only Lambda requests and on-demand duration', () => {
    const missing = (region: string) => pricesOf(PRICE_TABLE.regions[region]).filter(([, price]) => price.usd === undefined).map(([name]) => name);
    expect(missing('us-east-1').sort()).toEqual(['1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'].map((size) => `restApiCache.${size}`).sort());
    for (const region of ['eu-west-1', 'ap-southeast-2']) {
      const found = pricesOf(PRICE_TABLE.regions[region]).filter(([, price]) => price.usd !== undefined).map(([name]) => name);
      expect(found).toEqual(['lambdaRequests', 'lambdaDuration.arm64', 'lambdaDuration.x86_64']);
    }
  });

  test('prices arm64 below x86_64 wherever both are found', () => {
    for (const region of Object.values(PRICE_TABLE.regions)) {
      for (const field of ['lambdaDuration', 'lambdaProvisionedConcurrency', 'lambdaProvisionedDuration'] as const) {
        const { arm64, x86_64 } = region[field];
        if (arm64.usd !== undefined && x86_64.usd !== undefined) {
          expect(arm64.usd).toBeLessThan(x86_64.usd);
        }
      }
    }
  });
});
