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
}

/**
 * Memory and timeout of a preset.
 */
export interface PresetSettings {
  /** Memory in MB. */
  readonly memorySize: number;
  /** Timeout in seconds. */
  readonly timeoutSeconds: number;
}

const SETTINGS: Record<FunctionPreset, PresetSettings> = {
  [FunctionPreset.CPU_BOUND]: { memorySize: 1769, timeoutSeconds: 30 },
  [FunctionPreset.IO_BOUND]: { memorySize: 512, timeoutSeconds: 60 },
  [FunctionPreset.SIMPLE]: { memorySize: 256, timeoutSeconds: 10 },
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

  /** Memory and timeout of `preset`. */
  public static settingsOf(preset: FunctionPreset): PresetSettings {
    return SETTINGS[preset];
  }

  private constructor() {}
}

/** Lambda's memory limits, in MB. */
export const MIN_MEMORY_MB = 128;
/** Lambda's memory limits, in MB. */
export const MAX_MEMORY_MB = 10240;
/** Lambda's timeout limits, in seconds. */
export const MIN_TIMEOUT_SECONDS = 1;
/** Lambda's timeout limits, in seconds. */
export const MAX_TIMEOUT_SECONDS = 900;
