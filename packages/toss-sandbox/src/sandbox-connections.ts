import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The app is closing: a delayed or held request stops without executing or answering. */
export class SandboxClosingError extends Error {
  constructor() {
    super('the sandbox is shutting down');
  }
}

/**
 * Delays and held-open sockets of fault injection. Nothing here may keep Jest or a shutdown
 * waiting: a held socket ends when the client goes away, and everything ends when the app closes
 * (module destroy runs before Nest closes the HTTP server, which would otherwise wait for them).
 */
@Injectable()
export class SandboxConnections implements OnModuleDestroy {
  private closing = false;
  private readonly onClose = new Set<() => void>();

  onModuleDestroy(): void {
    this.closing = true;
    for (const stop of [...this.onClose]) stop();
    this.onClose.clear();
  }

  /** Waits `ms`; rejects with SandboxClosingError when the app closes first. */
  delay(ms: number): Promise<void> {
    if (this.closing) return Promise.reject(new SandboxClosingError());
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        this.onClose.delete(stop);
        reject(new SandboxClosingError());
      };
      const timer = setTimeout(() => {
        this.onClose.delete(stop);
        resolve();
      }, ms);
      this.onClose.add(stop);
    });
  }

  /** Never answers: resolves once the client has disconnected (or the app closed the socket). */
  hold(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.hijack();
    const socket = request.raw.socket;
    if (this.closing || socket.destroyed) {
      socket.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const stop = () => {
        this.onClose.delete(stop);
        socket.off('close', stop);
        socket.destroy();
        resolve();
      };
      socket.once('close', stop);
      this.onClose.add(stop);
    });
  }

  /** Drops the connection without an answer: the client sees ECONNRESET / "socket hang up". */
  reset(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    // A TCP RST where the platform can send one, so the client sees a real connection reset.
    request.raw.socket.resetAndDestroy();
  }
}
