/**
 * A {@linkcode ChatSocket} for tests: records what is sent, and lets the test play the server
 * (frames) and the network (status changes).
 *
 * @module
 */
import type { ClientFrameInput, ServerFrame } from "../../shared/mod.ts";
import type {
  ChatSocket,
  ChatSocketEvent,
  ConnectionStatus,
  ResumePoints,
} from "../client/chat_socket.ts";

/** An in-memory socket driven by the test. */
export class FakeChatSocket implements ChatSocket {
  status: ConnectionStatus;
  /** Frames sent while connected, in order. */
  readonly sent: ClientFrameInput[] = [];
  readonly #listeners = new Set<(event: ChatSocketEvent) => void>();

  constructor(status: ConnectionStatus = { state: "connected" }) {
    this.status = status;
  }

  subscribe(listener: (event: ChatSocketEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  send(frame: ClientFrameInput): boolean {
    if (this.status.state !== "connected") return false;
    this.sent.push(frame);
    return true;
  }

  /** What the screen would resume on the next connect. */
  resume: ResumePoints | null = null;

  resumeFrom(points: ResumePoints | null): void {
    this.resume = points;
  }

  close(): void {
    this.#listeners.clear();
  }

  /** Delivers a frame as if the server sent it. */
  receive(frame: ServerFrame): void {
    for (const listener of this.#listeners) listener({ type: "frame", frame });
  }

  /** Changes the connection state and reports it. */
  setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.#listeners) listener({ type: "status", status });
  }

  /** Sent frames of one type. */
  sentOfType<T extends ClientFrameInput["type"]>(
    type: T,
  ): Extract<ClientFrameInput, { type: T }>[] {
    return this.sent.filter((f): f is Extract<ClientFrameInput, { type: T }> => f.type === type);
  }
}
