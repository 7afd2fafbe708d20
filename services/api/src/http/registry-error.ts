import { RegistryValidationError } from "@mailtriage/store";
import { ApiError } from "./api-error";

/** Runs a registry write; a `RegistryValidationError` becomes a 400 naming each field (`body.domains.1: …`). */
export async function withRegistryErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof RegistryValidationError) {
      throw new ApiError(400, "invalid_request", err.issues.map((i) => `${["body", i.path].filter((p) => p !== "").join(".")}: ${i.message}`).join("; "));
    }
    throw err;
  }
}
