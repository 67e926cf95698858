import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { OpenTaskMap } from '../contracts/task-map';
import type { MeshClient } from '../rpc/mesh-client';

/**
 * The mesh as a Nest ClientProxy: `send(taskType, payload)` is an RPC with a timeout,
 * `emit(taskType, payload)` a confirmed fire-and-forget task. Events are never emitted from a
 * client: they are written to the outbox with the state change they announce.
 */
export class MeshClientProxy extends ClientProxy {
  /** Nest patterns are plain strings: the proxy sends any task type (prefer the typed MeshClient). */
  private readonly client: MeshClient<OpenTaskMap>;

  constructor(client: MeshClient) {
    super();
    this.client = client as unknown as MeshClient<OpenTaskMap>;
  }

  async connect(): Promise<void> {
    await this.client.start();
  }

  close(): void {
    // the broker connection belongs to the app, not to this proxy
  }

  unwrap<T>(): T {
    return this.client as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let disposed = false;
    this.client
      .request(String(packet.pattern), packet.data)
      .then((response) => !disposed && callback({ response, isDisposed: true }))
      .catch((err) => !disposed && callback({ err, isDisposed: true }));
    return () => {
      disposed = true;
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    return (await this.client.dispatch(String(packet.pattern), packet.data)) as T;
  }
}
