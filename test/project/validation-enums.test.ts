/**
 * Every enum-typed option is checked against its members. The option types are read with
 * TypeScript's checker, from `ServerlessAppOptions` down (projen's own options aside): an
 * enum-typed option missing from `ENUM_OPTIONS` fails the first test, and each of them, given a
 * value that is no member on the app of docs/options.md, is refused naming its path and members.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { freshDir } from './helpers';
import { baseApp, changed } from './options-doc';
import { ServerlessApp } from '../../src';
import { ENUM_OPTIONS, valuesAt } from '../../src/project/validation/enums';

const OPTIONS_FILE = path.join(__dirname, '..', '..', 'src', 'project', 'options', 'app.ts');

/** The paths of the enum-typed options under `ServerlessAppOptions`, as `ENUM_OPTIONS` writes them. */
function enumOptionPaths(): string[] {
  const program = ts.createProgram([OPTIONS_FILE], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(OPTIONS_FILE)!;
  const options = source.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === 'ServerlessAppOptions')!;
  const paths: string[] = [];
  const has = (type: ts.Type, flag: ts.TypeFlags) => (type.flags & flag) !== 0; // eslint-disable-line no-bitwise
  const isEnum = (type: ts.Type) => has(type, ts.TypeFlags.EnumLike)
    || (type.isUnion() && type.types.every((member) => has(member, ts.TypeFlags.EnumLiteral)));
  // an interface of this package's (not a map like `detail`, nor a type of aws-cdk-lib's)
  const isOptionStruct = (type: ts.Type) => has(type, ts.TypeFlags.Object) && type.getProperties().length > 0
    && checker.getIndexInfosOfType(type).length === 0 && type.getCallSignatures().length === 0
    && !type.symbol?.valueDeclaration?.getSourceFile().isDeclarationFile;
  const visit = (type: ts.Type, at: string, seen: Set<ts.Type>) => {
    const own = type.getProperties().filter((property) => {
      // projen's options (AwsCdkAppBaseOptions) are projen's to check; workflow steps have their own validation
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      return declaration && !declaration.getSourceFile().fileName.endsWith('.generated.ts') && !(at.endsWith('workflows[]') && property.name === 'steps');
    });
    for (const property of own) {
      const where = at ? `${at}.${property.name}` : property.name;
      let propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      let list = '';
      if (checker.isArrayType(propertyType)) {
        propertyType = checker.getTypeArguments(propertyType as ts.TypeReference)[0];
        list = '[]';
      }
      if (isEnum(propertyType)) {
        paths.push(`${where}${list}`);
      } else if (isOptionStruct(propertyType) && !seen.has(propertyType)) {
        visit(propertyType, `${where}${list}`, new Set([...seen, propertyType]));
      }
    }
  };
  visit(checker.getTypeAtLocation(options), '', new Set());
  return paths;
}

test('ENUM_OPTIONS lists every enum-typed option of ServerlessAppOptions', () => {
  expect(ENUM_OPTIONS.map(([option]) => option).sort()).toEqual(enumOptionPaths().sort());
});

describe('an enum-typed option that is no member of its enum is refused, with the members', () => {
  test.each(ENUM_OPTIONS.map(([option, members]) => [option, Object.values(members)] as const))('%s', (option, members) => {
    const [first] = valuesAt(baseApp(), option);
    expect(first).toBeDefined(); // the app of docs/options.md sets every enum-typed option, for this test
    const outdir = freshDir();
    process.env.PROJEN_DISABLE_POST = 'true';
    const options = changed(baseApp(), [{ path: first.where, value: 'NOT_A_MEMBER' }]);
    expect(() => new ServerlessApp({ defaultReleaseBranch: 'main', ...options, outdir } as never))
      .toThrow(`\`${first.where}\` must be one of ${members.join(', ')}; got 'NOT_A_MEMBER'.`);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
