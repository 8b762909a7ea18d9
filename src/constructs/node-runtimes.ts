import { Annotations, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/** The cdk-nag rules that ask every function for the newest runtime of its family. */
const NEWEST_RUNTIME_RULES = ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'];

/**
 * The Node.js runtimes of the installed aws-cdk-lib, as cdk-nag judges them: its
 * `AwsSolutions-L1` and `Serverless-LambdaLatestVersion` rules ask each function for the newest
 * runtime of its family in `lambda.Runtime.ALL`, so a new aws-cdk-lib with a new Node.js runtime
 * makes every function on the previous one an error.
 */
export class NodeRuntimes {
  /** The newest Node.js runtime the installed aws-cdk-lib knows. */
  public static newest(): lambda.Runtime {
    const [newest] = lambda.Runtime.ALL
      .filter((runtime) => nodeMajorOf(runtime) !== undefined)
      .sort((a, b) => nodeMajorOf(b)! - nodeMajorOf(a)!);
    return newest;
  }

  /**
   * For an app whose functions run `runtime` because it is the newest Node.js runtime its
   * generator knows, not because the app chose it: when the installed aws-cdk-lib knows a newer
   * one (the app raised `cdkVersion` past what its generator was tested with), one error on
   * `scope` says which runtime it found and what to set, instead of a cdk-nag error per function.
   */
  public static requireNewest(scope: IConstruct, runtime: lambda.Runtime): void {
    const newest = NodeRuntimes.newest();
    if (nodeMajorOf(newest)! <= (nodeMajorOf(runtime) ?? 0)) {
      return;
    }
    const current = optionMember(runtime);
    Annotations.of(scope).addError(
      `\`nodeRuntime\` is not set in .projenrc.ts, so the functions run ${runtime.name}, the newest Node.js runtime this `
      + `version of projen-serverless-patterns knows; but the installed aws-cdk-lib offers ${newest.name}, and cdk-nag asks for `
      + `the newest. Set \`nodeRuntime: NodeRuntime.${current}\` in .projenrc.ts to stay on ${runtime.name} on purpose, `
      + `or upgrade projen-serverless-patterns to a version that offers NodeRuntime.${optionMember(newest)}.`,
    );
    // the error above says it once for every function
    Validations.of(scope).acknowledge(...NEWEST_RUNTIME_RULES.map((id) => ({
      id,
      reason: `Reported once instead: the installed aws-cdk-lib offers ${newest.name}, newer than the ${runtime.name} the app runs by default.`,
    })));
  }
}

/** 26 for `nodejs26.x`; undefined for the runtimes of other languages and for the unversioned `nodejs`. */
function nodeMajorOf(runtime: lambda.Runtime): number | undefined {
  const major = /^nodejs(\d+)\./.exec(runtime.name)?.[1];
  return major === undefined ? undefined : Number(major);
}

/** `NODEJS_26_X` for `nodejs26.x`, as `NodeRuntime` and `lambda.Runtime` name it. */
function optionMember(runtime: lambda.Runtime): string {
  return runtime.name.toUpperCase().replace(/[.]/g, '_').replace(/^NODEJS/, 'NODEJS_');
}
