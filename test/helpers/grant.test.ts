// The test browsers' copy of an extension "granted at install": its optional permissions become
// required ones, and what it required already stays (the bench's observer floor requires its host
// access: dropped, its listeners heard nothing and the floor measured nothing).
import { describe, expect, it } from "vitest";
import { grantRecordAlways } from "./chromium";

describe("grantRecordAlways", () => {
  it("makes the optional permissions and host access required", () => {
    const granted = grantRecordAlways({ permissions: ["storage"], optional_permissions: ["webRequest"], optional_host_permissions: ["http://*/*", "https://*/*"] });
    expect(granted).toEqual({ permissions: ["storage", "webRequest"], host_permissions: ["http://*/*", "https://*/*"] });
  });

  it("keeps the host access and permissions an extension requires already", () => {
    const granted = grantRecordAlways({ permissions: ["webRequest"], host_permissions: ["http://*/*", "https://*/*"] });
    expect(granted).toEqual({ permissions: ["webRequest"], host_permissions: ["http://*/*", "https://*/*"] });
  });
});
