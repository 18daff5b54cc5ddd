/**
 * Presence: a user is online while at least one of their connections, on any instance, is alive.
 * Each connection is an entry with an expiry that its instance refreshes by heartbeat; an instance
 * that dies without saying goodbye stops refreshing, and its entries lapse after the TTL (about
 * 60 s, from the scale-out issue). Two implementations: in memory (one instance) and Redis.
 *
 * @module
 */

/** A live connection of a user. */
export interface PresenceEntry {
  userId: string;
  connectionId: string;
}

/** Where presence is kept. */
export interface Presence {
  /**
   * Records a connection.
   * @returns true when the user was offline until now
   */
  connect(entry: PresenceEntry): Promise<boolean>;
  /**
   * Forgets a connection.
   * @returns true when it was the user's last one: the user is now offline
   */
  disconnect(entry: PresenceEntry): Promise<boolean>;
  /** Extends the life of this instance's connections by the TTL. */
  heartbeat(entries: readonly PresenceEntry[]): Promise<void>;
  /** Which of `userIds` are online. */
  online(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Drops lapsed connections (their instance died).
   * @returns the users who are offline because of it; each is returned by one sweep only, even
   * when several instances sweep at once
   */
  sweep(): Promise<string[]>;
}
