/**
 * `@room` notifies every member of a room, so it is rate-limited per sender
 * (RATE_LIMIT_ROOM_MENTION, issue 14). The limit is checked before the message is stored: past
 * it the message is refused with `rate_limited`, over HTTP and WebSocket alike. An edit cannot add
 * `@room` (the mentions trigger of migration 004 keeps it only when the old text had it), so
 * sending is the one place to check.
 *
 * @module
 */
import { mentionedNames, ROOM_MENTION } from "../../shared/mod.ts";
import type { RateLimits } from "../limits/rate_limits.ts";
import type { MessageService } from "../messages/message_service.ts";

/**
 * Wraps `service.send` so that a message mentioning `@room` first takes a point of the sender's
 * `roomMention` limit; the other methods pass through.
 *
 * @throws {RateLimitedError} from `send`, past the limit
 */
export function limitRoomMentions(
  service: MessageService,
  limits: Pick<RateLimits, "roomMention">,
): MessageService {
  return {
    ...service,
    async send(sender, outgoing) {
      if (mentionedNames(outgoing.text).includes(ROOM_MENTION)) {
        await limits.roomMention(sender.id);
      }
      return await service.send(sender, outgoing);
    },
  };
}
