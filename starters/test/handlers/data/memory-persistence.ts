import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, IdempotencyRecordStatus } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * An in-memory idempotency store for unit tests: the conditional put of the DynamoDB store (a
 * key is taken unless its record expired, or is in progress past its invocation's end), without
 * AWS.
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) {
      throw new IdempotencyItemNotFoundError(`no record for ${idempotencyKey}`);
    }
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && !existing.isExpired() && !inProgressPastDeadline(existing)) {
      throw new IdempotencyItemAlreadyExistsError(`a record exists for ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

function inProgressPastDeadline(record: IdempotencyRecord): boolean {
  return record.getStatus() === IdempotencyRecordStatus.INPROGRESS
    && record.inProgressExpiryTimestamp !== undefined
    && record.inProgressExpiryTimestamp < Date.now();
}
