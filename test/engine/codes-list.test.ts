import { describe, expect, it } from "vitest";
import { CORS_ERROR_CODES } from "../../src/engine/types";

describe("CORS_ERROR_CODES", () => {
  it("has no duplicate names", () => {
    expect(new Set(CORS_ERROR_CODES).size).toBe(CORS_ERROR_CODES.length);
  });
});
