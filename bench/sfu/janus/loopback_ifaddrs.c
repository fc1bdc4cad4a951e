/* LD_PRELOAD wrapper for getifaddrs(3), used only by the SFU benchmark's Janus (bench/sfu/janus/janus.sh).
 *
 * Janus gathers ICE host candidates from getifaddrs() and skips every interface flagged IFF_LOOPBACK, so on its own it
 * never offers 127.0.0.1 and a loopback-only benchmark cannot reach it. This wrapper returns the loopback interface's
 * IPv4 entry with IFF_LOOPBACK cleared and hides every other entry, so Janus offers exactly one candidate,
 * 127.0.0.1, the address Live's SFU is bound to in the same benchmark. Nothing else in the process changes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stddef.h>

typedef int (*getifaddrs_fn)(struct ifaddrs **);

static int is_loopback_ipv4(const struct ifaddrs *entry)
{
    if (entry->ifa_addr == NULL || entry->ifa_addr->sa_family != AF_INET) return 0;
    const struct sockaddr_in *in = (const struct sockaddr_in *)entry->ifa_addr;
    return in->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
}

int getifaddrs(struct ifaddrs **result)
{
    static getifaddrs_fn real_getifaddrs;
    if (real_getifaddrs == NULL) real_getifaddrs = (getifaddrs_fn)dlsym(RTLD_NEXT, "getifaddrs");
    if (real_getifaddrs == NULL) return -1;

    int rc = real_getifaddrs(result);
    if (rc != 0 || *result == NULL) return rc;

    /* Unlink every entry but 127.0.0.1. The unlinked nodes stay allocated in glibc's single block, which
     * freeifaddrs() releases through the list head, so keep the original head first in the list. */
    struct ifaddrs *head = *result, *kept_tail = head;
    int head_kept = is_loopback_ipv4(head);
    for (struct ifaddrs *entry = head->ifa_next; entry != NULL; entry = entry->ifa_next)
    {
        if (!is_loopback_ipv4(entry)) continue;
        kept_tail->ifa_next = entry;
        kept_tail = entry;
    }
    kept_tail->ifa_next = NULL;
    for (struct ifaddrs *entry = head; entry != NULL; entry = entry->ifa_next)
        entry->ifa_flags &= ~IFF_LOOPBACK;
    /* The head is not a loopback address: give it no address so the gatherer passes over it. */
    if (!head_kept) head->ifa_addr = NULL;
    return rc;
}
