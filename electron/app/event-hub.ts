/**
 * Events from the main process to every renderer (past-tense names from the contract). Both
 * transports subscribe one listener per renderer and forward what they receive.
 */
import type { z } from 'zod';
import { events, isEventName, type EventName, type EventOf } from '../../shared/contract';
import type { DispatchLog } from './dispatch';

/** A listener for every event. */
export type EventListener = (name: EventName, payload: unknown) => void;

/** Fans events out to subscribers; in dev/test a payload that breaks the contract is dropped and logged. */
export class EventHub {
  readonly #listeners = new Set<EventListener>();
  readonly #check: boolean;
  readonly #log: DispatchLog;

  constructor(opts: { checkPayloads: boolean; log: DispatchLog }) {
    this.#check = opts.checkPayloads;
    this.#log = opts.log;
  }

  /** Sends an event to every subscriber. */
  emit<E extends EventName>(name: E, payload: EventOf<E>): void {
    if (!isEventName(name)) return;
    if (this.#check) {
      const checked = (events[name] as z.ZodType).safeParse(payload);
      if (!checked.success) {
        this.#log.error('event payload does not match the contract', { event: name });
        return;
      }
    }
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        this.#log.warn('event listener failed', { event: name, error: String(error) });
      }
    }
  }

  /** Adds a listener; returns its removal. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Number of listeners (for tests and leak checks). */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}
