package httpx

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ipv6ClientBits is the prefix length by which an IPv6 client is
// counted: a subscriber line or a host is normally given a whole /64, so
// its owner can pick any of 2^64 addresses; counting each address apart
// would give one client endless budgets.
const ipv6ClientBits = 64

// ClientIP identifies the client for rate limits (the signup limit, and
// the failed-login limit of registration.Login, which keys by it): an
// IPv4 address as such, an IPv6 address as the /64 it belongs to (such
// as "2001:db8:1:2::/64").
func (s *Server) ClientIP(c *fiber.Ctx) string {
	addr := s.clientAddr(c)
	if !addr.IsValid() {
		return c.Context().RemoteIP().String()
	}
	if addr.Is6() {
		return netip.PrefixFrom(addr, ipv6ClientBits).Masked().String()
	}
	return addr.String()
}

// clientAddr is the address of the client. The X-Forwarded-For header is
// believed only when the direct peer is one of TRUSTED_PROXIES, and then
// only its rightmost address that is not itself a trusted proxy, so a
// client cannot pick its own identity. IPv4-mapped IPv6 addresses are
// unmapped and zones dropped, so that one client has one spelling.
func (s *Server) clientAddr(c *fiber.Ctx) netip.Addr {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = canonical(peer)
	if s.Config == nil || len(s.Config.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		addr, err := netip.ParseAddr(hop)
		if err != nil {
			return peer
		}
		if addr = canonical(addr); !s.trusted(addr) {
			return addr
		}
	}
	return peer
}

func canonical(addr netip.Addr) netip.Addr { return addr.Unmap().WithZone("") }

func (s *Server) trusted(addr netip.Addr) bool {
	for _, p := range s.Config.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
