/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests of the label table (no EAL: the table is plain C). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check_unit.h"
#include "lsr_lfib.h"

static struct lsr_lfib_entry
entry(uint32_t lsp, uint8_t dir)
{
	struct lsr_lfib_entry e = { .lsp = lsp, .dir = dir, .ret_slot = LSR_SLOT_NONE };
	return e;
}

START_TEST(test_bad_arguments)
{
	struct lsr_out o = { .label = 200, .slot = 1 };
	struct lsr_lfib_entry e = entry(0, 0);
	struct lsr_lfib *f;

	ck_assert_ptr_null(lsr_lfib_create(0, 10));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(lsr_lfib_create(LSR_MAX_INTERFACES + 1, 10));
	f = lsr_lfib_create(2, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(lsr_lfib_add(NULL, 0, 100, &e, &o, 1), -EINVAL);
	ck_assert_int_eq(lsr_lfib_add(f, 2, 100, &e, &o, 1), -EINVAL);	/* no such slot */
	ck_assert_int_eq(lsr_lfib_add(f, 0, 13, &e, &o, 1), -EINVAL);	/* GAL */
	ck_assert_int_eq(lsr_lfib_add(f, 0, 15, &e, &o, 1), -EINVAL);	/* reserved */
	ck_assert_int_eq(lsr_lfib_add(f, 0, MPLS_LABEL_MAX + 1, &e, &o, 1), -EINVAL);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, NULL, 1), -EINVAL);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, LSR_MAX_BRANCHES + 1), -EINVAL);
	o.slot = 5;
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), -EINVAL);	/* out slot */
	o.slot = 1;
	o.label = 3;
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), -EINVAL);	/* reserved out */
	o.label = 200;
	e.dir = LSR_DIR_MAX;
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), -EINVAL);	/* no such direction */
	e = entry(LSR_LFIB_MAX_LSP + 1, LSR_DIR_FORWARD);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), -EINVAL);	/* lsp beyond the index */
	ck_assert_uint_eq(f->n_entries, 0);
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 0, LSR_DIR_FORWARD));	/* empty index */
	lsr_lfib_free(f);
	lsr_lfib_free(NULL);
}
END_TEST

START_TEST(test_add_lookup)
{
	struct lsr_out o = { .label = 200, .slot = 1 };
	struct lsr_lfib_entry e = entry(7, LSR_DIR_FORWARD);
	struct lsr_lfib *f = lsr_lfib_create(2, 1);
	const struct lsr_lfib_entry *got;

	ck_assert(!f->large);	/* the fast path looks it up frame by frame */

	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), 0);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), -EEXIST);
	got = lsr_lfib_lookup(f, 0, 100);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got->lsp, 7);
	ck_assert_uint_eq(got->out_label, 200);
	ck_assert_uint_eq(got->out_slot, 1);
	ck_assert_uint_eq(got->n_out, 1);
	ck_assert_uint_eq(got->in_slot, 0);
	/* The key is (interface, label). */
	ck_assert_ptr_null(lsr_lfib_lookup(f, 1, 100));
	ck_assert_ptr_null(lsr_lfib_lookup(f, 0, 101));
	ck_assert_ptr_null(lsr_lfib_lookup(f, 0, 200));
	ck_assert_int_eq(lsr_lfib_has_out(f, got, 1), 1);
	ck_assert_int_eq(lsr_lfib_has_out(f, got, 0), 0);
	/* The same label on another interface is another entry. */
	o.label = 300;
	ck_assert_int_eq(lsr_lfib_add(f, 1, 100, &e, &o, 1), 0);
	ck_assert_uint_eq(lsr_lfib_lookup(f, 1, 100)->out_label, 300);
	ck_assert_uint_eq(lsr_lfib_lookup(f, 0, 100)->out_label, 200);
	/* Highest label. */
	ck_assert_int_eq(lsr_lfib_add(f, 0, MPLS_LABEL_MAX, &e, &o, 1), 0);
	ck_assert_ptr_nonnull(lsr_lfib_lookup(f, 0, MPLS_LABEL_MAX));
	lsr_lfib_free(f);
}
END_TEST

/*
 * The index word carries the common case's leg (include/lsr_lfib.h
 * LSR_IX_SWAP): set for one leg on an untagged interface without loopback,
 * with that leg's label and slot; clear for P2MP, a sink, a tagged leg and
 * while a loopback is set; the entry number is the same either way.
 */
START_TEST(test_index_word)
{
	struct lsr_out o[2] = { { 0xfedcb, 63, 0 }, { 300, 2, 0 } };
	struct lsr_lfib_entry e = entry(3, LSR_DIR_FORWARD);
	struct lsr_lfib *f = lsr_lfib_create(LSR_MAX_INTERFACES, 1);
	struct lsr_lfib_entry *fe;
	uint64_t w;

	e.out_untagged = 1;
	ck_assert_int_eq(lsr_lfib_add(f, 5, 100, &e, o, 1), 0);
	w = f->index[5][100];
	ck_assert(w & LSR_IX_SWAP);
	ck_assert_uint_eq(lsr_ix_label(w), 0xfedcb);
	ck_assert_uint_eq(lsr_ix_slot(w), 63);
	/* The fast path's one compare: the key is the slot's, and no other slot's. */
	ck_assert_uint_eq(lsr_ix_key(w), lsr_ix_key_of(63));
	ck_assert_uint_ne(lsr_ix_key(w), lsr_ix_key_of(62));
	ck_assert_ptr_eq(&f->entries[lsr_ix_entry(w) - 1], lsr_lfib_lookup(f, 5, 100));
	ck_assert_uint_eq(lsr_lfib_lookup(f, 5, 100)->in_label, 100);

	/* Loopback set: the word no longer says all; cleared: it does again. */
	fe = lsr_lfib_forward_entry(f, 3);
	lsr_lfib_set_loop(f, fe, LSR_LOOP_OUT_MIP);
	ck_assert(!(f->index[5][100] & LSR_IX_SWAP));
	for (uint16_t slot = 0; slot < LSR_MAX_INTERFACES; slot++)
		ck_assert_uint_ne(lsr_ix_key(f->index[5][100]), lsr_ix_key_of(slot));
	ck_assert_uint_eq(lsr_ix_entry(f->index[5][100]), lsr_ix_entry(w));
	lsr_lfib_set_loop(f, fe, LSR_LOOP_NONE);
	ck_assert_uint_eq(f->index[5][100], w);

	/* A replaced entry's word is the new entry's. */
	o[0].label = 555;
	ck_assert_int_eq(lsr_lfib_replace(f, 5, 100, &e, o, 1), 0);
	ck_assert_uint_eq(lsr_ix_label(f->index[5][100]), 555);
	ck_assert_uint_ne(lsr_ix_entry(f->index[5][100]), lsr_ix_entry(w));

	/* Not the common case: tagged leg, P2MP, sink. */
	e = entry(4, LSR_DIR_FORWARD);
	ck_assert_int_eq(lsr_lfib_add(f, 5, 101, &e, o, 1), 0);
	e = entry(5, LSR_DIR_FORWARD);
	e.out_untagged = 1;	/* whatever the caller says, two legs are not one */
	ck_assert_int_eq(lsr_lfib_add(f, 5, 102, &e, o, 2), 0);
	e = entry(6, LSR_DIR_FORWARD);
	ck_assert_int_eq(lsr_lfib_add(f, 5, 103, &e, NULL, 0), 0);
	for (uint32_t l = 101; l <= 103; l++) {
		ck_assert(!(f->index[5][l] & LSR_IX_SWAP));
		ck_assert_uint_ne(lsr_ix_entry(f->index[5][l]), 0);
	}
	ck_assert_int_eq(lsr_lfib_del(f, 5, 100), 0);
	ck_assert_uint_eq(f->index[5][100], 0);
	lsr_lfib_free(f);
}
END_TEST

START_TEST(test_p2mp_and_sink)
{
	struct lsr_out o[3] = { { 200, 1, 0 }, { 300, 2, 0 }, { 400, 3, 0 } };
	struct lsr_lfib_entry e = entry(1, LSR_DIR_FORWARD);
	struct lsr_lfib *f = lsr_lfib_create(4, 1);
	const struct lsr_lfib_entry *got;
	const struct lsr_out *legs;

	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, o, 3), 0);
	ck_assert_int_eq(lsr_lfib_add(f, 1, 500, &e, NULL, 0), 0);	/* sink */
	got = lsr_lfib_lookup(f, 0, 100);
	ck_assert_uint_eq(got->n_out, 3);
	legs = lsr_lfib_outs(f, got);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(legs[i].label, o[i].label);
		ck_assert_uint_eq(legs[i].slot, o[i].slot);
		ck_assert_int_eq(lsr_lfib_has_out(f, got, o[i].slot), 1);
	}
	ck_assert_int_eq(lsr_lfib_has_out(f, got, 0), 0);
	got = lsr_lfib_lookup(f, 1, 500);
	ck_assert_uint_eq(got->n_out, 0);
	ck_assert_uint_eq(got->out_slot, LSR_SLOT_NONE);
	lsr_lfib_free(f);
}
END_TEST

START_TEST(test_build_from_config)
{
	struct lsr_config cfg = { .n_interfaces = 2, .n_lsps = 1 };
	struct lsr_lsp_cfg lsp = { .name = "a", .loopback_slot = 1 };
	struct lsr_lfib *f;
	const struct lsr_lfib_entry *fw, *rv;

	lsp.dir[LSR_DIR_FORWARD] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 0, 100 }, .n_out = 1, .out = { { 1, 200 } } };
	lsp.dir[LSR_DIR_REVERSE] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 1, 201 }, .n_out = 1, .out = { { 0, 101 } } };
	cfg.lsps = &lsp;
	f = lsr_lfib_build(&cfg);
	ck_assert_ptr_nonnull(f);
	fw = lsr_lfib_lookup(f, 0, 100);
	rv = lsr_lfib_lookup(f, 1, 201);
	ck_assert_ptr_nonnull(fw);
	ck_assert_ptr_nonnull(rv);
	/* Return paths are the other direction's out leg (docs/OAM-RULES.md §4). */
	ck_assert_uint_eq(fw->ret_slot, 0);
	ck_assert_uint_eq(fw->ret_label, 101);
	ck_assert_uint_eq(rv->ret_slot, 1);
	ck_assert_uint_eq(rv->ret_label, 200);
	/* loopback at the out interface of the forward direction. */
	ck_assert_uint_eq(lsr_lfib_get_loop(fw), LSR_LOOP_OUT_MIP);
	ck_assert_uint_eq(lsr_lfib_get_loop(rv), LSR_LOOP_NONE);
	ck_assert_ptr_eq(lsr_lfib_forward_entry(f, 0), fw);
	lsr_lfib_free(f);

	/* A duplicate key across directions fails the build. */
	lsp.dir[LSR_DIR_REVERSE].in = (struct lsr_hop){ 0, 100 };
	ck_assert_ptr_null(lsr_lfib_build(&cfg));
	ck_assert_int_eq(errno, EEXIST);
}
END_TEST

START_TEST(test_lsp_index)
{
	/*
	 * Five LSPs over three interfaces: 0 transit both ways, 1 source MEP of its
	 * forward direction (no forward entry here), 2 sink of its forward direction
	 * and no reverse, 3 has no direction here at all, 4 transit.
	 */
	struct lsr_config cfg = { .n_interfaces = 3, .n_lsps = 5 };
	struct lsr_lsp_cfg lsps[5];
	struct lsr_lfib *f;
	static const struct { uint32_t lsp; int dir; uint16_t slot; uint32_t label; } has[] = {
		{ 0, LSR_DIR_FORWARD, 0, 100 }, { 0, LSR_DIR_REVERSE, 1, 201 },
		{ 1, LSR_DIR_REVERSE, 0, 301 }, { 2, LSR_DIR_FORWARD, 2, 400 },
		{ 4, LSR_DIR_FORWARD, 1, 500 }, { 4, LSR_DIR_REVERSE, 2, 501 },
	};
	unsigned int i;

	memset(lsps, 0, sizeof(lsps));
	for (i = 0; i < 5; i++)
		lsps[i].loopback_slot = LSR_SLOT_NONE;
	lsps[0].dir[LSR_DIR_FORWARD] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 0, 100 }, .n_out = 1, .out = { { 1, 200 } } };
	lsps[0].dir[LSR_DIR_REVERSE] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 1, 201 }, .n_out = 1, .out = { { 0, 101 } } };
	lsps[1].dir[LSR_DIR_FORWARD] = (struct lsr_direction_cfg){
		.present = true, .has_in = false, .n_out = 1, .out = { { 0, 300 } } };
	lsps[1].dir[LSR_DIR_REVERSE] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 0, 301 }, .n_out = 0 };
	lsps[2].dir[LSR_DIR_FORWARD] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 2, 400 }, .n_out = 0 };
	lsps[4].dir[LSR_DIR_FORWARD] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 1, 500 }, .n_out = 1, .out = { { 2, 600 } } };
	lsps[4].dir[LSR_DIR_REVERSE] = (struct lsr_direction_cfg){
		.present = true, .has_in = true, .in = { 2, 501 }, .n_out = 1, .out = { { 1, 601 } } };
	cfg.lsps = lsps;
	f = lsr_lfib_build(&cfg);
	ck_assert_ptr_nonnull(f);
	/* Every entry is found from its LSP, and it is the entry its label finds. */
	for (i = 0; i < sizeof(has) / sizeof(has[0]); i++) {
		const struct lsr_lfib_entry *e = lsr_lfib_entry_of(f, has[i].lsp, has[i].dir);

		ck_assert_ptr_nonnull(e);
		ck_assert_ptr_eq(e, lsr_lfib_lookup(f, has[i].slot, has[i].label));
		ck_assert_uint_eq(e->lsp, has[i].lsp);
		ck_assert_uint_eq(e->dir, has[i].dir);
	}
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 1, LSR_DIR_FORWARD));	/* source MEP */
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 2, LSR_DIR_REVERSE));	/* no reverse */
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 3, LSR_DIR_FORWARD));	/* nothing here */
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 3, LSR_DIR_REVERSE));
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 5, LSR_DIR_FORWARD));	/* no such LSP */
	ck_assert_ptr_null(lsr_lfib_entry_of(f, UINT32_MAX, LSR_DIR_FORWARD));
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 0, LSR_DIR_MAX));
	ck_assert_ptr_eq(lsr_lfib_forward_entry(f, 4), lsr_lfib_lookup(f, 1, 500));
	ck_assert_ptr_null(lsr_lfib_forward_entry(f, 1));
	lsr_lfib_free(f);
}
END_TEST

START_TEST(test_index_by_add)
{
	/* Entries added by hand are indexed too; the first of an LSP's direction wins. */
	struct lsr_lfib *f = lsr_lfib_create(2, 1);
	struct lsr_out o = { .label = 200, .slot = 1 };
	struct lsr_lfib_entry e = entry(1000, LSR_DIR_REVERSE);

	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), 0);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 101, &e, &o, 1), 0);	/* same LSP, direction */
	ck_assert_ptr_eq(lsr_lfib_entry_of(f, 1000, LSR_DIR_REVERSE), lsr_lfib_lookup(f, 0, 100));
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 1000, LSR_DIR_FORWARD));
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 999, LSR_DIR_REVERSE));
	ck_assert_uint_ge(f->cap_lsps, 1001);
	ck_assert_uint_ge(lsr_lfib_memory(f), (size_t)1001 * LSR_DIR_MAX * sizeof(uint32_t));
	lsr_lfib_free(f);
}
END_TEST

START_TEST(test_million_entries)
{
	/* 1,000,000 entries over 2 interfaces: every one found, no false hits. */
	struct lsr_lfib *f = lsr_lfib_create(2, 1000000);
	struct lsr_lfib_entry e = entry(0, 0);
	struct lsr_out o = { .slot = 1 };

	/* A large table: index and entries on 2 MiB boundaries, for huge pages. */
	ck_assert(f->large);
	ck_assert_uint_eq((uintptr_t)f->entries % (2u << 20), 0);
	ck_assert_uint_eq((uintptr_t)f->index[1] % (2u << 20), 0);

	for (uint32_t i = 0; i < 1000000; i++) {
		e.lsp = i;
		o.label = 16 + (i * 7919u) % (MPLS_LABEL_MAX - 16);
		ck_assert_int_eq(lsr_lfib_add(f, 0, 16 + i, &e, &o, 1), 0);
	}
	for (uint32_t i = 0; i < 1000000; i++)
		ck_assert_uint_eq(lsr_lfib_lookup(f, 0, 16 + i)->lsp, i);
	/* The LSP index: the million LSPs, each in O(1). */
	for (uint32_t i = 0; i < 1000000; i++)
		ck_assert_ptr_eq(lsr_lfib_forward_entry(f, i), lsr_lfib_lookup(f, 0, 16 + i));
	ck_assert_ptr_null(lsr_lfib_entry_of(f, 1000000, LSR_DIR_FORWARD));
	ck_assert_ptr_null(lsr_lfib_lookup(f, 1, 16));
	ck_assert_ptr_null(lsr_lfib_lookup(f, 0, 1000016));
	ck_assert_uint_ge(lsr_lfib_memory(f), 1000000 * sizeof(struct lsr_lfib_entry));
	lsr_lfib_free(f);
}
END_TEST


/*
 * Entries changed in place: replace and delete need an entry, a replaced or
 * deleted entry is retired and its slot (and legs) reused only after reclaim,
 * the arrays never move, and a full table says -ENOSPC instead of growing.
 */
START_TEST(test_change_in_place)
{
	struct lsr_lfib *f = lsr_lfib_create(2, 1);
	struct lsr_out o = { .label = 200, .slot = 1 }, o3[3] = {
		{ .label = 300, .slot = 1 }, { .label = 301, .slot = 0 }, { .label = 302, .slot = 1 } };
	struct lsr_lfib_entry e = entry(3, LSR_DIR_FORWARD);
	const struct lsr_lfib_entry *first, *base;
	uint32_t legs[LSR_MAX_BRANCHES + 1] = { 0 };

	base = f->entries;
	ck_assert_int_eq(lsr_lfib_replace(f, 0, 100, &e, &o, 1), -ENOENT);
	ck_assert_int_eq(lsr_lfib_del(f, 0, 100), -ENOENT);
	ck_assert_int_eq(lsr_lfib_del(f, 2, 100), -EINVAL);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 100, &e, &o, 1), 0);
	first = lsr_lfib_lookup(f, 0, 100);
	o.label = 201;
	ck_assert_int_eq(lsr_lfib_replace(f, 0, 100, &e, &o, 1), 0);
	ck_assert_ptr_ne(lsr_lfib_lookup(f, 0, 100), first);
	ck_assert_uint_eq(lsr_lfib_lookup(f, 0, 100)->out_label, 201);
	ck_assert_uint_eq(first->out_label, 200);	/* intact until reclaimed */
	ck_assert_ptr_eq(lsr_lfib_forward_entry(f, 3), lsr_lfib_lookup(f, 0, 100));
	ck_assert_uint_eq(f->n_retired, 1);
	/* Not reclaimed: a new entry takes a new slot. */
	ck_assert_int_eq(lsr_lfib_add(f, 1, 500, &e, o3, 3), 0);
	ck_assert_uint_eq(f->n_entries, 3);
	ck_assert_int_eq(lsr_lfib_del(f, 1, 500), 0);
	ck_assert_ptr_null(lsr_lfib_lookup(f, 1, 500));
	ck_assert_uint_eq(lsr_lfib_reclaim(f), 2);
	ck_assert_uint_eq(f->n_retired, 0);
	/* After reclaim the slots and the three legs are reused: nothing grows. */
	ck_assert_int_eq(lsr_lfib_add(f, 1, 501, &e, o3, 3), 0);
	ck_assert_int_eq(lsr_lfib_add(f, 1, 502, &e, &o, 1), 0);
	ck_assert_uint_eq(f->n_entries, 3);
	ck_assert_uint_eq(f->n_outs, 5);
	ck_assert_uint_eq(lsr_lfib_outs(f, lsr_lfib_lookup(f, 1, 501))[2].label, 302);
	ck_assert_uint_eq(f->n_linked, 3);
	/* Full: -ENOSPC, and has_room says so first. */
	legs[1] = f->cap_entries;
	ck_assert(!lsr_lfib_has_room(f, f->cap_entries, legs));
	legs[1] = 1;
	ck_assert(lsr_lfib_has_room(f, 1, legs));
	for (uint32_t i = 0; f->n_entries < f->cap_entries; i++)
		ck_assert_int_eq(lsr_lfib_add(f, 0, 1000 + i, &e, &o, 1), 0);
	ck_assert_int_eq(lsr_lfib_add(f, 0, 999, &e, &o, 1), -ENOSPC);
	ck_assert_ptr_null(lsr_lfib_lookup(f, 0, 999));
	ck_assert_ptr_eq(f->entries, base);	/* never moved */
	lsr_lfib_free(f);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lfib");

	tcase_set_timeout(CHECK_TCASE(s, "core", test_bad_arguments, test_add_lookup, test_index_word,
				      test_p2mp_and_sink, test_build_from_config, test_lsp_index,
				      test_index_by_add, test_million_entries,
				      test_change_in_place), 60);
	return check_unit_main(s);
}
