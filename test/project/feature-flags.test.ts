import { freshDir, read, synthApp } from './helpers';
import { RECOMMENDED_FEATURE_FLAGS } from '../../src/project/recommended-feature-flags.generated';

/** cdk.json's context of an app synthesized with `options`. */
function cdkContext(options: Parameters<typeof synthApp>[1]): Record<string, unknown> {
  const outdir = freshDir();
  synthApp(outdir, options);
  return JSON.parse(read(outdir, 'cdk.json')).context ?? {};
}

describe('feature flags', () => {
  test('a new app\'s cdk.json carries the flags cdk init gives a project for the tested aws-cdk-lib', () => {
    const context = cdkContext({ recommendedFeatureFlags: true });
    expect(context).toEqual(RECOMMENDED_FEATURE_FLAGS);
    expect(Object.keys(context).length).toBeGreaterThanOrEqual(90);
    expect(context['@aws-cdk/aws-apigateway:disableCloudWatchRole']).toBe(true);
  });

  test('an app created before the option keeps CDK\'s older behaviours: no flags', () => {
    expect(cdkContext({ recommendedFeatureFlags: false })).toEqual({});
  });

  test('projen\'s featureFlags and context win over them', () => {
    const context = cdkContext({
      recommendedFeatureFlags: true,
      context: { '@aws-cdk/aws-apigateway:disableCloudWatchRole': false, 'team': 'shop' },
    });
    expect(context['@aws-cdk/aws-apigateway:disableCloudWatchRole']).toBe(false);
    expect(context.team).toBe('shop');
    expect(cdkContext({ featureFlags: { flags: { '@aws-cdk/core:newStyleStackSynthesis': true } } })).toEqual({ '@aws-cdk/core:newStyleStackSynthesis': true });
  });

  test('the generated tests build the app with cdk.json\'s context, as cdk synth does', () => {
    const outdir = freshDir();
    synthApp(outdir);
    expect(read(outdir, 'test/generated/cdk-context.ts')).toContain("JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context ?? {}");
    expect(read(outdir, 'test/generated/architecture.test.ts')).toContain("new ShopStack(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Test');");
    expect(read(outdir, 'test/generated/local.test.ts')).toContain('new App({ outdir: OUTDIR, context: CDK_CONTEXT, builtinCloudFormationValidation: false });');
  });

  test.each([
    ['with the flags, no account-level logging role', { recommendedFeatureFlags: true }, "new ServerlessRestApi(this, 'Api', { ...apiProps, restApiName: 'shop' });", 0],
    ['without them, the first API creates it', { recommendedFeatureFlags: false }, "new ServerlessRestApi(this, 'Api', { ...apiProps, restApiName: 'shop' });", 1],
    ['with the flags and api.cloudWatchRole, it does', { api: { cloudWatchRole: true } }, "new ServerlessRestApi(this, 'Api', { ...apiProps, restApiName: 'shop', cloudWatchRole: true });", 1],
    ['without the flags and api.cloudWatchRole false, it does not', { recommendedFeatureFlags: false, api: { cloudWatchRole: false } }, "new ServerlessRestApi(this, 'Api', { ...apiProps, restApiName: 'shop', cloudWatchRole: false });", 0],
  ])('%s', (_case, options, api, accounts) => {
    const outdir = freshDir();
    synthApp(outdir, options);
    expect(read(outdir, 'src/generated/shop-stack.generated.ts')).toContain(`    this.api = ${api}`);
    expect(read(outdir, 'test/generated/architecture.test.ts')).toContain(`expect(countOf('AWS::ApiGateway::Account')).toBe(${accounts});`);
  });
});
