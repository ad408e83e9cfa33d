// Runs async tasks one after another. Every change to a link file goes through one queue,
// so two writes never interleave their read-modify-write and lose each other's link.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled; a failure does not stop the queue. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
