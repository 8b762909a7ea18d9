import { definedOnly } from './defined-only';

/**
 * Workload presets for Lambda functions, from the spec's "Right-Sizing Memory".
 *
 * This is the one table of memory and timeout that both the project type (which writes the
 * generated architecture tests and docs) and the constructs (which build the stacks) read, so
 * the tests and the stacks cannot disagree.
 */
export enum FunctionPreset {
  /** 1769 MB (one full vCPU) and 30 s: transforms, parsing, compression, crypto. */
  CPU_BOUND = 'CPU_BOUND',
  /** 512 MB and 60 s: calls to slow downstream services, queues, streams, batch I/O. */
  IO_BOUND = 'IO_BOUND',
  /** 256 MB and 10 s: short request/response work such as API handlers doing one DynamoDB call. */
  SIMPLE = 'SIMPLE',
  /**
   * 1769 MB and 10 s, invoked through a `live` alias with provisioned concurrency that
   * auto-scales on utilization (target 0.7, 2 to 10 environments): latency-critical API paths.
   */
  LATENCY_SENSITIVE = 'LATENCY_SENSITIVE',
}

/**
 * Provisioned concurrency of a function's `live` alias, scaled on utilization.
 */
export interface ProvisionedConcurrencySettings {
  /** Environments kept initialized at least. */
  readonly minCapacity: number;
  /** Environments auto-scaling may provision at most. */
  readonly maxCapacity: number;
  /** Provisioned concurrency utilization that target tracking keeps, between 0.1 and 0.9. */
  readonly utilizationTarget: number;
}

/**
 * Memory, timeout and provisioned concurrency of a preset.
 */
export interface PresetSettings {
  /** Memory in MB. */
  readonly memorySize: number;
  /** Timeout in seconds. */
  readonly timeoutSeconds: number;
  /**
   * Provisioned concurrency of a `live` alias.
   *
   * @default - none: the function scales on demand
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
}

/**
 * Provisioned concurrency of a function's `live` alias, as options set it: fields left out keep
 * the value under them.
 */
export interface ProvisionedConcurrencyProps {
  /**
   * Environments kept initialized at least.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * Environments auto-scaling may provision at most.
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Utilization that target tracking keeps, 0.1 to 0.9.
   *
   * @default 0.7
   */
  readonly utilizationTarget?: number;
}

/** Provisioned concurrency from the spec's cold-start optimization: 2 to 10 environments, target 0.7. */
export const DEFAULT_PROVISIONED_CONCURRENCY: ProvisionedConcurrencySettings = { minCapacity: 2, maxCapacity: 10, utilizationTarget: 0.7 };

const SETTINGS: Record<FunctionPreset, PresetSettings> = {
  [FunctionPreset.CPU_BOUND]: { memorySize: 1769, timeoutSeconds: 30 },
  [FunctionPreset.IO_BOUND]: { memorySize: 512, timeoutSeconds: 60 },
  [FunctionPreset.SIMPLE]: { memorySize: 256, timeoutSeconds: 10 },
  [FunctionPreset.LATENCY_SENSITIVE]: {
    memorySize: 1769,
    timeoutSeconds: 10,
    provisionedConcurrency: DEFAULT_PROVISIONED_CONCURRENCY,
  },
};

/**
 * Looks up the settings of a preset.
 */
export class FunctionPresets {
  /**
   * The preset used when neither the function nor the app names one.
   *
   * `SIMPLE`: the functions this package creates by default answer API requests with one
   * DynamoDB call; a 10 s timeout stays well under API Gateway's 29 s integration timeout, so a
   * stuck function fails fast instead of running on after the client got a 504.
   */
  public static readonly DEFAULT = FunctionPreset.SIMPLE;

  /** Memory, timeout and provisioned concurrency of `preset`. */
  public static settingsOf(preset: FunctionPreset): PresetSettings {
    return SETTINGS[preset];
  }

  /**
   * Provisioned concurrency of a function with `preset` and the `overrides` (outermost first,
   * such as the service's, then the function's); the last that sets a field wins. A preset
   * without provisioned concurrency gets it when an override asks for some, starting from
   * `DEFAULT_PROVISIONED_CONCURRENCY`.
   */
  public static provisionedConcurrencyOf(
    preset: FunctionPreset,
    overrides: ProvisionedConcurrencyProps[],
  ): ProvisionedConcurrencySettings | undefined {
    const base = SETTINGS[preset].provisionedConcurrency;
    if (!base && overrides.length === 0) {
      return undefined;
    }
    return overrides.reduce<ProvisionedConcurrencySettings>(
      (settings, override) => ({ ...settings, ...definedOnly(override) }),
      { ...DEFAULT_PROVISIONED_CONCURRENCY, ...base },
    );
  }

  private constructor() {}
}

/** Limits of provisioned concurrency auto-scaling's utilization target. */
export const MIN_UTILIZATION_TARGET = 0.1;
/** Limits of provisioned concurrency auto-scaling's utilization target. */
export const MAX_UTILIZATION_TARGET = 0.9;
/** API Gateway's integration timeout, in seconds: a route's function running longer is cut off with a 504. */
export const API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS = 29;
/** Lambda's memory limits, in MB. */
export const MIN_MEMORY_MB = 128;
/** Lambda's memory limits, in MB. */
export const MAX_MEMORY_MB = 10240;
/** Lambda's timeout limits, in seconds. */
export const MIN_TIMEOUT_SECONDS = 1;
/** Lambda's timeout limits, in seconds. */
export const MAX_TIMEOUT_SECONDS = 900;
