/*
 * probe_int.h - declarations shared inside src/lib/net (not exported)
 */
#ifndef MT_PROBE_INT_H
#define MT_PROBE_INT_H

#endif /* MT_PROBE_INT_H */
