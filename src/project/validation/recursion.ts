/** The recursive-trigger trap of the data options: functions that invoke themselves through what they write. */
import { cycleOf } from './checks';
import { prefixesOverlap } from '../../constructs/s3-event-bucket-filters';
import { BucketWriteOptions, ServiceOptions } from '../options';

/**
 * The recursive-trigger trap: a function that writes where its own objects come from invokes
 * itself without end, and so does a ring of functions each writing where the next is invoked
 * (objects under its trigger prefix, records to the stream it reads).
 */
export function checkRecursion(service: ServiceOptions, where: string): string[] {
  const functions = service.functions ?? [];
  const invokedBy = (write: BucketWriteOptions) => functions.filter((other) => other.objectEvents?.bucket === write.bucket
    && typeof write.prefix === 'string' && prefixesOverlap(other.objectEvents.prefix ?? '', write.prefix));
  const readersOf = (stream: string) => functions.filter((other) => !other.streamEvents?.table && other.streamEvents?.stream === stream);
  const next = new Map(functions.map((fn) => [fn.name, [...new Set([
    ...(fn.bucketWrites ?? []).flatMap((write) => invokedBy(write).map((other) => other.name)),
    ...(fn.streamWrites ?? []).flatMap((stream) => readersOf(stream).map((other) => other.name)),
  ])]]));
  const problems: string[] = [];
  functions.forEach((fn, index) => {
    (fn.bucketWrites ?? []).forEach((write, writeIndex) => {
      if (invokedBy(write).some((other) => other.name === fn.name)) {
        const trigger = fn.objectEvents!.prefix ?? '';
        problems.push(`\`${where}.functions[${index}].bucketWrites[${writeIndex}]\` ('${service.name}/${fn.name}') writes under '${write.prefix}' of bucket '${write.bucket}', where the objects that invoke it are (prefix '${trigger}'): each object it writes would invoke it again, without end. Write under a prefix outside '${trigger}', or to another bucket.`);
      }
    });
  });
  const ring = cycleOf(next);
  if (ring && ring.length > 1) {
    problems.push(`\`${where}\` ('${service.name}'): ${ring.map((name) => `'${name}'`).join(' writes where ')} writes where '${ring[0]}' is invoked: what they write goes round without end. Let one of them write where none of the others is invoked.`);
  }
  return problems;
}
