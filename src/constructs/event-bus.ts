import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/**
 * Properties of a `ServerlessEventBus`.
 */
export interface ServerlessEventBusProps {
  /**
   * Name of the bus.
   *
   * @default - a name CloudFormation generates
   */
  readonly eventBusName?: string;

  /**
   * Whether every event on the bus is archived, so it can be replayed (to a fixed subscriber,
   * or a new one) with EventBridge's replay.
   *
   * @default true
   */
  readonly archive?: boolean;

  /**
   * How long the archive keeps events. `Duration.days(0)` keeps them forever.
   *
   * @default Duration.days(7)
   */
  readonly archiveRetention?: Duration;
}

/**
 * The custom EventBridge bus services publish to and subscribe on (spec: Service Integration
 * with EventBridge), with an archive of every event for replay: when a subscriber had a bug,
 * fix it and replay what it missed.
 */
export class ServerlessEventBus extends Construct {
  /** The bus. */
  public readonly bus: events.EventBus;
  /** The archive of every event on the bus, if `archive` is on. */
  public readonly archive?: events.Archive;

  constructor(scope: Construct, id: string, props: ServerlessEventBusProps = {}) {
    super(scope, id);
    const retention = props.archiveRetention ?? Duration.days(7);
    const days = retention.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 0) {
      throw new Error(`${this.node.path}: \`archiveRetention\` must be a whole number of days, 0 (forever) or more; got ${retention.toHumanString()}.`);
    }
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.eventBusName });
    if (props.archive ?? true) {
      this.archive = this.bus.archive('Archive', {
        description: `Every event of ${this.node.path}, for replay`,
        // an archive needs a pattern: the account matches every event on the bus
        eventPattern: { account: [Stack.of(this).account] },
        retention,
      });
    }
  }

  /** The bus's name. */
  public get eventBusName(): string {
    return this.bus.eventBusName;
  }

  /** The bus's ARN. */
  public get eventBusArn(): string {
    return this.bus.eventBusArn;
  }
}
