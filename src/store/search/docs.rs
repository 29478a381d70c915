//! Where a ticket's documents sit in the word index. A ticket is several
//! documents: its title and body, and each comment on its own, so a new comment
//! adds one small document instead of rewriting the whole ticket's. Their rowids
//! put all documents of a ticket next to each other, in ticket order:
//! `ticket id << 32`, plus a slot (0 for the ticket's own text, 1 + the comment
//! id modulo 2^32 − 1 for a comment). Reading the index by rowid therefore walks
//! tickets newest (or oldest) first, which is what lets a text filter stream its
//! first page instead of collecting every match. Ticket ids stay below 2^31
//! (enforced by a trigger of the migration), comment ids are unique per slot
//! while below 2^32 − 1.

/// Bits of a document rowid below the ticket id.
pub const SLOT_BITS: u32 = 32;

/// The slot part of a document rowid (0 for the ticket's own text).
pub const SLOT_MASK: i64 = (1 << SLOT_BITS) - 1;

/// The largest ticket id the index can hold.
pub const MAX_TICKET_ID: i64 = (1 << 31) - 1;

/// Comment slots repeat after this many comment ids.
const SLOTS: i64 = (1 << SLOT_BITS) - 1;

/// The document holding a ticket's title and body.
pub fn ticket_doc(ticket_id: i64) -> i64 {
    ticket_id << SLOT_BITS
}

/// The document holding one comment of a ticket.
pub fn comment_doc(ticket_id: i64, comment_id: i64) -> i64 {
    (ticket_id << SLOT_BITS) + 1 + comment_id.rem_euclid(SLOTS)
}

/// The ticket a document belongs to.
pub fn ticket_of(doc: i64) -> i64 {
    doc >> SLOT_BITS
}

/// The last rowid a document of `ticket_id` can have.
pub fn last_doc(ticket_id: i64) -> i64 {
    (ticket_id << SLOT_BITS) + SLOTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_of_a_ticket_sort_together_and_map_back() {
        for t in [1, 2, 77, 1_000_000, MAX_TICKET_ID] {
            let own = ticket_doc(t);
            assert_eq!(ticket_of(own), t);
            for c in [1, 2, 3_000_000, SLOTS - 1, SLOTS, SLOTS + 1, 1 << 40] {
                let d = comment_doc(t, c);
                assert!(d > own && d <= last_doc(t), "{t} {c}");
                assert_eq!(ticket_of(d), t);
            }
            assert!(last_doc(t) < ticket_doc(t + 1) || t == MAX_TICKET_ID);
        }
        assert_eq!(last_doc(MAX_TICKET_ID), i64::MAX);
        assert!(comment_doc(5, 10) < comment_doc(5, 11));
    }
}
