import { describe, expect, it } from "vitest";
import { Types } from "mongoose";
import { idString } from "@/server/db/id-string";

describe("idString", () => {
  it("is the ObjectId's 24 hex digits, as toString() gives them", () => {
    for (const hex of ["000000000000000000000000", "6b15eebf90e88a468d9415cf", "ffffffffffffffffffffffff"]) {
      expect(idString(new Types.ObjectId(hex))).toBe(hex);
    }
    const fresh = new Types.ObjectId();
    expect(idString(fresh)).toBe(fresh.toString());
  });
});
