//! Store and ops at scale: create, point lookup, first page of a filtered list, move.
//! Runs on a 1,000,000-ticket demo database (AFTERCARE_BENCH_TICKETS to change).
//! Reads use the cached database; writes go to a copy of it, so repeated runs do
//! not drift (each run used to add thousands of tickets to the file it measured).

mod common;

use aftercare::domain::filter::Filter;
use aftercare::ops::TicketInput;
use aftercare::store::tickets::SortKey;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let desk = common::open();
    let max_id = desk
        .list_tickets(&Filter::default(), SortKey::Id, true, None, 1)
        .expect("list")
        .rows[0]
        .id;

    let mut i: i64 = 0;
    c.bench_function("ticket point lookup", |b| {
        b.iter(|| {
            i = (i * 7919 + 13) % max_id + 1;
            black_box(desk.ticket(i).expect("get"))
        })
    });

    for (name, q, sort) in [
        ("list first page: newest", "", SortKey::Id),
        (
            "list first page: stage:new priority:>=high",
            "stage:new priority:>=high",
            SortKey::Id,
        ),
        (
            "list first page: is:open sorted by due",
            "is:open",
            SortKey::Due,
        ),
        (
            "list first page: type:complaint -stage:closed",
            "type:complaint -stage:closed",
            SortKey::Updated,
        ),
        (
            "list first page: customer:华为",
            "customer:华为",
            SortKey::Id,
        ),
    ] {
        let filter = Filter::parse(q).expect("filter");
        c.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    desk.list_tickets(&filter, sort, true, None, 50)
                        .expect("list"),
                )
            })
        });
    }

    // Writes: on a copy of the database.
    let scratch = common::Scratch::new("store");
    let mut desk = scratch.open();
    c.bench_function("ticket create", |b| {
        b.iter(|| {
            desk.create_ticket(TicketInput {
                title: "基准测试 benchmark ticket".into(),
                body: "打印机卡纸 printer jam".into(),
                priority: Some("high".into()),
                ..Default::default()
            })
            .expect("create")
        })
    });
    // A ticket of the standard flow that can move back and forth.
    let t = desk
        .create_ticket(TicketInput {
            title: "move bench".into(),
            ..Default::default()
        })
        .expect("create");
    desk.move_ticket(t.id, "in_progress", None).expect("move");
    let mut there = true;
    c.bench_function("ticket move", |b| {
        b.iter(|| {
            let to = if there {
                "waiting_customer"
            } else {
                "in_progress"
            };
            there = !there;
            desk.move_ticket(t.id, to, None).expect("move")
        })
    });
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(store);
