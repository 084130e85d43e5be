import type { EventBus, LinkEventMessage } from "@modlink/core";

/** One subscriber of the app's event bus. */
export interface EventSubscriber {
  /** Called with every batch, in order; a rejection makes the relay deliver the batch again. */
  handle(messages: readonly LinkEventMessage[]): Promise<void>;
}

/**
 * The app's event bus, in process: hands each batch to every subscriber, one
 * after the other. A production app registers its broker's bus under
 * `eventBus` instead (e.g. `RedisStreamsEventBus`, or Medusa's event bus
 * module), and its subscribers read from the broker.
 *
 * @example
 * const bus = new LocalEventBus([productsPerBrand])
 * await bus.emit(messages)
 */
export class LocalEventBus implements EventBus {
  readonly #subscribers: readonly EventSubscriber[];

  constructor(subscribers: readonly EventSubscriber[]) {
    this.#subscribers = subscribers;
  }

  async emit(messages: readonly LinkEventMessage[]): Promise<void> {
    for (const subscriber of this.#subscribers) await subscriber.handle(messages);
  }
}
