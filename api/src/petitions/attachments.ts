import { createHash } from "node:crypto";
import type { Database } from "@gopy/db";
import { fileTypeFromBuffer } from "file-type";
import type { Kysely, Transaction } from "kysely";
import { AppError } from "../errors.ts";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
const ALLOWED = new Set(["image/jpeg", "image/png", "application/pdf"]);
type Allowed = "image/jpeg" | "image/png" | "application/pdf";

/** A file name safe to show and to offer back in Content-Disposition. */
export function cleanFilename(name: string | undefined, mediaType: Allowed): string {
  const ext = mediaType === "application/pdf" ? "pdf" : mediaType === "image/png" ? "png" : "jpg";
  const base = (name ?? "")
    .normalize("NFC")
    .replace(/[\\/\p{Cc}"<>|:*?]+/gu, "_") // control characters and path or shell specials
    .trim()
    .slice(0, 100);
  return base.length > 0 ? base : `tep-dinh-kem.${ext}`;
}

/**
 * Stores an uploaded file after checking what it is from its content (not its name or declared
 * type): JPEG, PNG or PDF, at most 10 MB.
 */
export async function storeAttachment(
  db: Kysely<Database>,
  input: { unitId: string; data: Buffer; filename?: string; by: "citizen" | "staff"; now: Date },
) {
  if (input.data.length === 0)
    throw new AppError("attachment_empty", 422, { fields: [{ field: "file", message: "attachment_empty" }] });
  if (input.data.length > MAX_ATTACHMENT_BYTES) throw new AppError("attachment_too_large", 413);
  const detected = await fileTypeFromBuffer(input.data);
  if (!detected || !ALLOWED.has(detected.mime)) {
    throw new AppError("attachment_type", 415, { fields: [{ field: "file", message: "attachment_type" }] });
  }
  const mediaType = detected.mime as Allowed;
  const row = await db
    .insertInto("petition_attachment")
    .values({
      unit_id: input.unitId,
      filename: cleanFilename(input.filename, mediaType),
      media_type: mediaType,
      size: input.data.length,
      sha256: createHash("sha256").update(input.data).digest("hex"),
      data: input.data,
      uploaded_by: input.by,
      created_at: input.now,
    })
    .returning(["id", "filename", "media_type", "size"])
    .executeTakeFirstOrThrow();
  return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size };
}

/**
 * Ties uploaded files to the case that names them. Only files uploaded to the same unit and not
 * yet used count: an id from elsewhere is refused, naming the field.
 */
export async function claimAttachments(
  trx: Transaction<Database>,
  unitId: string,
  petitionId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const claimed = await trx
    .updateTable("petition_attachment")
    .set({ petition_id: petitionId })
    .where("id", "in", ids)
    .where("unit_id", "=", unitId)
    .where("petition_id", "is", null)
    .returning("id")
    .execute();
  if (claimed.length !== new Set(ids).size) {
    throw new AppError("validation_failed", 422, {
      fields: [{ field: "attachments", message: "attachment_unknown" }],
    });
  }
}

/** Uploads never attached to a case within a day are removed. */
export async function removeOrphanAttachments(db: Kysely<Database>, now: Date): Promise<number> {
  const removed = await db
    .deleteFrom("petition_attachment")
    .where("petition_id", "is", null)
    .where("created_at", "<", new Date(now.getTime() - 24 * 3600_000))
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}
