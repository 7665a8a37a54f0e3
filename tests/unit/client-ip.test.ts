import { describe, expect, it } from "vitest";
import { clientIp } from "@/server/http/client-ip";
import { trustProxyFromEnv } from "@/server/limits";

describe("clientIp: the one decision for REST and sockets", () => {
  it("without TRUST_PROXY uses the TCP peer and ignores a (spoofed) X-Forwarded-For", () => {
    expect(clientIp("10.1.2.3", undefined, 0)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "6.6.6.6", 0)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", ["6.6.6.6", "7.7.7.7"], 0)).toBe("10.1.2.3");
  });

  it("with one trusted proxy takes the right-most entry (what the proxy saw), never the client-written ones", () => {
    // The client wrote "6.6.6.6"; our proxy appended the address it saw.
    expect(clientIp("127.0.0.1", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("127.0.0.1", "203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("127.0.0.1", ["6.6.6.6", "203.0.113.7"], 1)).toBe("203.0.113.7");
  });

  it("with two proxies takes the second from the right", () => {
    expect(clientIp("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("falls back to the peer when the header is missing, too short, or not an IP", () => {
    expect(clientIp("10.1.2.3", undefined, 1)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "", 1)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "203.0.113.7", 2)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "not-an-ip", 1)).toBe("10.1.2.3");
    expect(clientIp("10.1.2.3", "1.2.3.4:5678", 1)).toBe("10.1.2.3");
  });

  it("reports IPv4-mapped IPv6 as IPv4, and other IPv6 as its /64 (one subscriber, one key)", () => {
    expect(clientIp("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(clientIp("2001:DB8::1", undefined, 0)).toBe("2001:db8:0:0::/64");
    expect(clientIp("2001:db8:0001:0002:aaaa:bbbb:cccc:dddd", undefined, 0)).toBe("2001:db8:1:2::/64");
    expect(clientIp("2001:db8:1:2:ffff::9", undefined, 0)).toBe("2001:db8:1:2::/64");
    expect(clientIp("2001:db8:1::", undefined, 0)).toBe("2001:db8:1:0::/64");
    expect(clientIp("::1", undefined, 0)).toBe("0:0:0:0::/64");
    expect(clientIp("1:2:3:4:5:6:7:8", undefined, 0)).toBe("1:2:3:4::/64");
    expect(clientIp("::2:3:4:5:6:7:8", undefined, 0)).toBe("0:2:3:4::/64");
    expect(clientIp("::3:4:5:6:7:1.2.3.4", undefined, 0)).toBe("0:3:4:5::/64");
    expect(clientIp("fe80::1%eth0", undefined, 0)).toBe("fe80:0:0:0::/64");
    expect(clientIp("127.0.0.1", "2001:db8:1:2::99", 1)).toBe("2001:db8:1:2::/64");
    expect(clientIp(undefined, undefined, 0)).toBe("unknown");
  });

  it("TRUST_PROXY parses 0/unset/false as off, true as 1, a hop count, and refuses junk", () => {
    expect(trustProxyFromEnv({})).toBe(0);
    expect(trustProxyFromEnv({ TRUST_PROXY: "0" })).toBe(0);
    expect(trustProxyFromEnv({ TRUST_PROXY: "false" })).toBe(0);
    expect(trustProxyFromEnv({ TRUST_PROXY: "1" })).toBe(1);
    expect(trustProxyFromEnv({ TRUST_PROXY: "true" })).toBe(1);
    expect(trustProxyFromEnv({ TRUST_PROXY: "2" })).toBe(2);
    expect(() => trustProxyFromEnv({ TRUST_PROXY: "yes please" })).toThrow(/TRUST_PROXY/);
  });
});
