// Package ifacetest runs wsclient over a real netif interface. It holds only
// tests, so wsclient itself never imports netif (DESIGN.md "Layout"), and a
// netif change that breaks the build breaks these tests only.
package ifacetest
