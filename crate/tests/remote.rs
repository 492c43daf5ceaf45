//! The run behind a message boundary (remote::RunHost and RunMirror): a mirror fed only
//! by the host's updates holds exactly what a run trained directly holds, whatever mix
//! of requests drove it, through history thinning, live changes and divergence.

use std::cell::Cell;
use vgp::charts::boundary::{prediction_surface, surface_grid};
use vgp::config::{parse_query, Config};
use vgp::remote::{Request, RunHost, RunMirror, Update, SURFACE_RESOLUTION};
use vgp::train::Run;

fn config(query: &str) -> Config {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    config
}

/// A clock that moves 1 ms each time it is read, so a budget of k ms allows about k
/// reads: Advance requests end at varied points inside epochs.
fn ticking_clock() -> impl Fn() -> f64 {
    let t = Cell::new(0.0);
    move || {
        t.set(t.get() + 1.0);
        t.get()
    }
}

/// Everything the mirror shows must equal the run's own.
fn assert_mirrors(mirror: &RunMirror, run: &Run) {
    let ours: Vec<_> = mirror.history().points().cloned().collect();
    let theirs: Vec<_> = run.history().points().cloned().collect();
    assert_eq!(ours.len(), theirs.len(), "history length");
    assert_eq!(ours, theirs, "history points");
    assert_eq!(mirror.history().newest(), run.history().newest());
    assert_eq!(mirror.measured_epoch(), run.measured_epoch());
    assert_eq!(mirror.epoch(), run.epoch());
    assert_eq!(mirror.finished(), run.finished());
    assert_eq!(mirror.diverged(), run.diverged());
    assert_eq!(mirror.distributions(), run.distributions());
    assert_eq!(mirror.gains(), run.gains());
    assert_eq!(mirror.params(), run.network().params.len());
    assert_eq!(mirror.config(), run.config());
}

fn start(query: &str) -> (RunHost, RunMirror) {
    let c = config(query);
    let clock = ticking_clock();
    let mut host = RunHost::new(0, Config::default());
    let mut mirror = RunMirror::new(7, c.clone());
    assert!(mirror.apply(host.handle(
        Request::New {
            run_id: 7,
            config: c
        },
        &clock
    )));
    (host, mirror)
}

#[test]
fn a_mirror_fed_by_updates_equals_the_run_through_history_thinning() {
    // Tiny and quick, so the run passes the history's capacity (4096) twice.
    let (mut host, mut mirror) = start("data=moons&n=20&depth=1&width=2&batch=20&seed=3");
    let clock = ticking_clock();
    let mut requests = 0;
    while mirror.measured_epoch() < 9000 {
        let request = match requests % 3 {
            0 => Request::Advance {
                budget_ms: 40.0,
                max_epochs: None,
                until_epoch: None,
            },
            1 => Request::Advance {
                budget_ms: 1e9,
                max_epochs: Some(37),
                until_epoch: None,
            },
            _ => Request::StepEpoch,
        };
        requests += 1;
        assert!(mirror.apply(host.handle(request, &clock)));
    }
    assert!(host.run().history().stride() >= 4, "thinned twice");
    assert_mirrors(&mirror, host.run());
    // And the run equals one trained directly, epoch by epoch.
    let mut direct = Run::new(host.run().config().clone());
    while direct.measured_epoch() < host.run().measured_epoch() {
        direct.step_epoch();
    }
    assert_eq!(direct.fingerprint(), host.run().fingerprint());
}

#[test]
fn advance_stops_at_its_target_and_its_epoch_cap() {
    let (mut host, mut mirror) = start("data=moons&n=40&depth=2&width=4&batch=8");
    let clock = ticking_clock();
    let until = Request::Advance {
        budget_ms: 1e9,
        max_epochs: None,
        until_epoch: Some(5),
    };
    let update = host.handle(until, &clock);
    assert_eq!((update.measured_epoch, update.trained), (5, 5));
    assert!(mirror.apply(update));
    let capped = Request::Advance {
        budget_ms: 1e9,
        max_epochs: Some(3),
        until_epoch: None,
    };
    let update = host.handle(capped, &clock);
    assert_eq!((update.measured_epoch, update.trained), (8, 3));
    assert_eq!(
        update.epochs.iter().map(|m| m.epoch).collect::<Vec<_>>(),
        [6, 7, 8]
    );
    assert!(mirror.apply(update));
    assert_mirrors(&mirror, host.run());
}

#[test]
fn live_changes_reach_the_next_step_exactly_as_on_a_run() {
    let query = "data=moons&n=40&depth=2&width=4&batch=8&lr=0.1";
    let (mut host, mut mirror) = start(query);
    let clock = ticking_clock();
    let mut direct = Run::new(config(query));
    for _ in 0..3 {
        mirror.apply(host.handle(Request::StepEpoch, &clock));
        direct.step_epoch();
    }
    let faster = config("data=moons&n=40&depth=2&width=4&batch=8&lr=0.5&opt=momentum&epochs=6");
    mirror.set_live(&faster);
    mirror.apply(host.handle(
        Request::Live {
            config: faster.clone(),
        },
        &clock,
    ));
    direct.apply_live_settings(&faster);
    direct.set_epoch_limit(6);
    while direct.step_epoch() {}
    let advance = Request::Advance {
        budget_ms: 1e9,
        max_epochs: None,
        until_epoch: None,
    };
    mirror.apply(host.handle(advance, &clock));
    assert_eq!(
        mirror.measured_epoch(),
        6,
        "the new epoch limit stops the run"
    );
    assert!(mirror.finished());
    assert_eq!(direct.fingerprint(), host.run().fingerprint());
    assert_mirrors(&mirror, host.run());
    assert_mirrors(&mirror, &direct);
}

#[test]
fn a_divergence_reaches_the_mirror() {
    let (mut host, mut mirror) = start("data=moons&act=relu&init=normal&scale=2");
    let clock = ticking_clock();
    let advance = Request::Advance {
        budget_ms: 1e9,
        max_epochs: Some(50),
        until_epoch: None,
    };
    mirror.apply(host.handle(advance, &clock));
    assert!(mirror.diverged().is_some(), "this network diverges at once");
    assert!(mirror.finished());
    assert_mirrors(&mirror, host.run());
}

#[test]
fn the_surface_is_the_runs_prediction_at_its_epoch() {
    let (mut host, mut mirror) = start("data=circle&n=60&depth=2&width=6&batch=10");
    let clock = ticking_clock();
    mirror.apply(host.handle(Request::StepEpoch, &clock));
    mirror.apply(host.handle(Request::Sync, &clock));
    let mut direct = Run::new(host.run().config().clone());
    direct.step_epoch();
    let (x_range, y_range, grid) = surface_grid(direct.data(), SURFACE_RESOLUTION);
    let expected = prediction_surface(&mut direct, &grid);
    let surface = mirror.surface().expect("a 2-D dataset has a surface");
    assert_eq!(surface.values, expected);
    assert_eq!((surface.x_range, surface.y_range), (x_range, y_range));
    assert!(surface.values.iter().all(|p| (0.0..=1.0).contains(p)));
}

#[test]
fn the_surface_waits_while_training_continues_and_comes_when_it_stops() {
    let (mut host, _) = start("data=circle&n=60&depth=2&width=6&batch=10");
    // A clock the test moves: `step` ms per read.
    let (time, step) = (Cell::new(0.0), Cell::new(10.0));
    let clock = || {
        time.set(time.get() + step.get());
        time.get()
    };
    let advance = || Request::Advance {
        budget_ms: 1e9,
        max_epochs: Some(1),
        until_epoch: None,
    };
    let first = host.handle(advance(), &clock);
    assert!(first.surface.is_some(), "the first one is due");
    // It cost 10 ms; with time standing still it is not due again while training goes on.
    step.set(0.0);
    let second = host.handle(advance(), &clock);
    assert!(
        second.surface.is_none(),
        "too soon after the first, and training goes on"
    );
    let synced = host.handle(Request::Sync, &clock);
    assert_eq!(
        synced.surface.map(|(epoch, _)| epoch),
        Some(2),
        "a pause brings it up to date"
    );
    let again = host.handle(Request::Sync, &clock);
    assert!(again.surface.is_none(), "nothing new to send");
    // Once 4x its cost (and at least 50 ms) has passed, a continuing request carries
    // it again.
    host.handle(advance(), &clock);
    time.set(time.get() + 49.0);
    assert!(
        host.handle(advance(), &clock).surface.is_none(),
        "50 ms at least"
    );
    time.set(time.get() + 2.0);
    let later = host.handle(advance(), &clock);
    assert_eq!(later.surface.map(|(epoch, _)| epoch), Some(5));
}

/// The Network panel's numbers reach the mirror as the run computes them, paced like
/// the surface while training goes on, and brought up to date by a pause (`Sync`).
#[test]
fn the_network_numbers_are_the_runs_and_wait_while_training_continues() {
    let (mut host, mut mirror) = start("data=circle&n=60&depth=2&width=6&batch=10");
    let (time, step) = (Cell::new(0.0), Cell::new(10.0));
    let clock = || {
        time.set(time.get() + step.get());
        time.get()
    };
    let advance = || Request::Advance {
        budget_ms: 1e9,
        max_epochs: Some(1),
        until_epoch: None,
    };
    let first = host.handle(advance(), &clock);
    let sent = first.network.clone().expect("the first one is due");
    assert_eq!(sent.epoch, 1);
    mirror.apply(first);
    let mut direct = Run::new(config("data=circle&n=60&depth=2&width=6&batch=10"));
    direct.step_epoch();
    assert_eq!(mirror.network(), direct.diagram(None).as_ref());
    step.set(0.0);
    let second = host.handle(advance(), &clock);
    assert!(second.network.is_none(), "too soon, and training goes on");
    mirror.apply(second);
    assert_eq!(
        mirror.network().map(|n| n.epoch),
        Some(1),
        "the mirror keeps the last"
    );
    let synced = host.handle(Request::Sync, &clock);
    assert_eq!(
        synced.network.as_ref().map(|n| n.epoch),
        Some(2),
        "a pause brings it up to date"
    );
    assert!(
        host.handle(Request::Sync, &clock).network.is_none(),
        "nothing new to send"
    );
}

#[test]
fn updates_of_a_replaced_run_are_ignored() {
    let (mut host, mut mirror) = start("data=moons&n=40&depth=2&width=4");
    let clock = ticking_clock();
    let before: Vec<_> = mirror.history().points().cloned().collect();
    let other = RunMirror::new(8, config("data=moons&n=40&depth=2&width=4"));
    let update: Update = host.handle(Request::StepEpoch, &clock);
    let mut stale = update.clone();
    stale.run_id = other.run_id();
    assert!(!mirror.apply(stale));
    assert_eq!(
        mirror.history().points().cloned().collect::<Vec<_>>(),
        before
    );
    assert_eq!(mirror.measured_epoch(), 0);
    assert!(mirror.apply(update));
    assert_eq!(mirror.measured_epoch(), 1);
}

#[test]
fn the_run_file_is_the_runs() {
    let (mut host, _) = start("data=moons&n=40&depth=2&width=4");
    let clock = ticking_clock();
    host.handle(Request::StepEpoch, &clock);
    let update = host.handle(Request::RunFile { ticket: 42 }, &clock);
    let (ticket, text) = update.run_file.expect("a run file");
    assert_eq!(ticket, 42);
    assert_eq!(
        text.expect("JSON"),
        vgp::runfile::to_json(host.run()).expect("JSON")
    );
}

/// The worker's binary form (remote::wire) gives back every update and message exactly.
#[test]
fn updates_and_messages_survive_the_binary_form_exactly() {
    use vgp::remote::wire::{decode, encode};
    use vgp::remote::{sweep_updates, Message};
    let (mut host, _) = start("data=moons&n=40&depth=3&width=4&act=sigmoid");
    let clock = ticking_clock();
    let mut updates = vec![host.handle(Request::StepEpoch, &clock)];
    updates.push(host.handle(Request::RunFile { ticket: 9 }, &clock));
    let mut last = None;
    let sweep_config = config("depth=2&width=3&n=40");
    sweep_updates(5, &sweep_config, &clock, &mut |r| last = Some(r));
    updates.push(Update {
        sweep: last,
        diverged: Some(vgp::train::Divergence {
            epoch: 3,
            reason: "a non-finite loss ✗".to_string(),
        }),
        ..Update::default()
    });
    assert!(updates[0].distributions.is_some() && updates[0].gains.is_some());
    assert!(updates[0].surface.is_some() && updates[1].run_file.is_some());
    assert!(updates[0]
        .network
        .as_ref()
        .is_some_and(|n| n.layers.iter().all(|l| l.has_connections())));
    assert!(updates[2]
        .sweep
        .as_ref()
        .is_some_and(|s| s.result.is_some()));
    let back: Vec<Update> = decode(&encode(&updates)).expect("decodes");
    assert_eq!(back[..2], updates[..2]);
    // The sweep has undefined (NaN) ratios, which no == can compare: equal encodings
    // mean equal bits.
    assert_eq!(encode(&back), encode(&updates));
    let sweep = |u: &Update| u.sweep.clone().and_then(|s| s.result)?.ok();
    let (got, want) = (
        sweep(&back[2]).expect("a sweep"),
        sweep(&updates[2]).expect("a sweep"),
    );
    assert_eq!((&got.query, &got.seeds), (&want.query, &want.seeds));
    assert_eq!(got.series.len(), want.series.len());
    assert!(want
        .series
        .iter()
        .any(|s| s.median.iter().any(|m| m.is_nan())));
    // Floats travel as their bits: NaN, infinities and subnormals included.
    let mut odd = updates[0].clone();
    let specials = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::from_bits(1),
        -0.0,
    ];
    odd.epochs[0].grad_norm = specials.to_vec();
    odd.epochs[0].test_accuracy = Some(f32::from_bits(0x7fc0_1234));
    odd.busy_ms = f64::NAN;
    let back: Update = decode(&encode(&odd)).expect("decodes");
    let bits: Vec<u32> = back.epochs[0]
        .grad_norm
        .iter()
        .map(|v| v.to_bits())
        .collect();
    let want: Vec<u32> = specials.iter().map(|v| v.to_bits()).collect();
    assert_eq!(bits, want);
    assert_eq!(
        back.epochs[0].test_accuracy.map(f32::to_bits),
        Some(0x7fc0_1234)
    );
    assert!(back.busy_ms.is_nan());
    // Every kind of message.
    let every_config = config(
        "data=digits&act=selu&init=lecun_normal&opt=adam&bn=1&res=1&seed=77&epochs=5&clip=0.25",
    );
    let messages = [
        Message::To {
            slot: 1,
            request: Request::New {
                run_id: 3,
                config: every_config.clone(),
            },
        },
        Message::To {
            slot: 0,
            request: Request::Live {
                config: config("opt=momentum&lr=0.037"),
            },
        },
        Message::To {
            slot: 0,
            request: Request::Advance {
                budget_ms: 16.5,
                max_epochs: Some(7),
                until_epoch: None,
            },
        },
        Message::To {
            slot: 0,
            request: Request::StepEpoch,
        },
        Message::To {
            slot: 2,
            request: Request::Sync,
        },
        Message::To {
            slot: 0,
            request: Request::RunFile { ticket: 11 },
        },
        Message::To {
            slot: 1,
            request: Request::Detail { layer: Some(3) },
        },
        Message::To {
            slot: 0,
            request: Request::Detail { layer: None },
        },
        Message::To {
            slot: 0,
            request: Request::Sweep {
                ticket: 12,
                config: every_config,
            },
        },
        Message::Lockstep {
            budget_ms: 8.0,
            max_epochs: None,
            until_epoch: Some(40),
        },
        Message::Close { slot: 1 },
    ];
    for message in messages {
        assert_eq!(decode::<Message>(&encode(&message)), Ok(message));
    }
}

/// A malformed message (cut short, too long, a bad tag, length or string) decodes to an
/// error, never a panic or a huge allocation.
#[test]
fn malformed_binary_messages_are_errors() {
    use vgp::remote::wire::{decode, encode, Malformed};
    use vgp::remote::Message;
    let (mut host, _) = start("data=moons&n=40&depth=3&width=4&act=sigmoid");
    let update = host.handle(Request::StepEpoch, &ticking_clock());
    let bytes = encode(&vec![update]);
    for cut in 0..bytes.len() {
        assert_eq!(
            decode::<Vec<Update>>(&bytes[..cut]),
            Err(Malformed),
            "{cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(decode::<Vec<Update>>(&longer), Err(Malformed));
    // A list claiming more items than there are bytes.
    assert_eq!(
        decode::<Vec<Update>>(&u64::MAX.to_le_bytes()),
        Err(Malformed)
    );
    // Every change of one byte decodes to something or to an error.
    for i in 0..bytes.len().min(600) {
        let mut changed = bytes.clone();
        changed[i] ^= 0xa5;
        let _ = decode::<Vec<Update>>(&changed);
    }
    let close = encode(&Message::Close { slot: 1 });
    assert_eq!(close[0], 2);
    assert_eq!(decode::<Message>(&[9]), Err(Malformed));
    let mut bad_request = encode(&Message::To {
        slot: 0,
        request: Request::Sync,
    });
    *bad_request.last_mut().expect("a tag") = 7;
    assert_eq!(decode::<Message>(&bad_request), Err(Malformed));
    // A bool that is not 0 or 1, and text that is not UTF-8.
    assert_eq!(decode::<bool>(&[2]), Err(Malformed));
    let mut text = encode(&"ab".to_string());
    text[9] = 0xff;
    assert_eq!(decode::<String>(&text), Err(Malformed));
}

/// A comparison's A and B in one host set, trained in lockstep by messages that end at
/// varied points inside epochs: neither run is ever a whole epoch ahead of the other, and
/// after N epochs each run is bit for bit the same configuration trained alone (history,
/// fingerprint), its mirror fed only by the updates.
#[test]
fn lockstep_runs_are_bit_identical_to_each_trained_alone() {
    use vgp::remote::{Message, RunHosts};
    let a = config("depth=6&width=8&n=120&batch=16&seed=4");
    let b = config("depth=6&width=8&n=120&batch=16&seed=4&act=relu&init=he_normal");
    let clock = ticking_clock();
    let mut hosts = RunHosts::new();
    let mut mirrors = [RunMirror::new(1, a.clone()), RunMirror::new(2, b.clone())];
    for (slot, (run_id, c)) in [(1, &a), (2, &b)].into_iter().enumerate() {
        let request = Request::New {
            run_id,
            config: c.clone(),
        };
        for u in hosts.handle(Message::To { slot, request }, &clock).unwrap() {
            assert!(mirrors[slot].apply(u));
        }
    }
    let feed = |mirrors: &mut [RunMirror; 2], updates: Vec<Update>| {
        assert_eq!(updates.len(), 2, "one update per run");
        for u in updates {
            let slot = usize::from(u.run_id == 2);
            assert!(mirrors[slot].apply(u));
        }
    };
    let mut requests = 0;
    while mirrors[1].measured_epoch() < 40 {
        let message = match requests % 3 {
            0 => Message::Lockstep {
                budget_ms: 25.0,
                max_epochs: None,
                until_epoch: None,
            },
            1 => Message::Lockstep {
                budget_ms: f64::INFINITY,
                max_epochs: Some(1),
                until_epoch: None,
            },
            _ => Message::Lockstep {
                budget_ms: 300.0,
                max_epochs: Some(3),
                until_epoch: None,
            },
        };
        requests += 1;
        let one_each = matches!(
            message,
            Message::Lockstep {
                max_epochs: Some(1),
                ..
            }
        );
        let updates = hosts.handle(message, &clock).unwrap();
        if one_each {
            // Each run trains exactly the one epoch asked for.
            assert!(updates.iter().all(|u| u.trained == 1), "{requests}");
        }
        feed(&mut mirrors, updates);
        let (ea, eb) = (mirrors[0].epoch(), mirrors[1].epoch());
        assert!(
            ea == eb || ea == eb + 1,
            "lockstep broken: A at {ea}, B at {eb} after request {requests}"
        );
    }
    // Bring both to exactly epoch 45.
    let until = Message::Lockstep {
        budget_ms: f64::INFINITY,
        max_epochs: None,
        until_epoch: Some(45),
    };
    feed(&mut mirrors, hosts.handle(until, &clock).unwrap());
    for (slot, c) in [&a, &b].into_iter().enumerate() {
        let mut alone = Run::new(c.clone());
        while alone.epoch() < 45 && alone.step_epoch() {}
        let hosted = hosts.host(slot).unwrap().run();
        assert_eq!(hosted.epoch(), 45, "slot {slot}");
        assert_eq!(hosted.fingerprint(), alone.fingerprint(), "slot {slot}");
        assert_mirrors(&mirrors[slot], &alone);
    }
    // The two runs really differ (the comparison shows something).
    assert_ne!(
        hosts.host(0).unwrap().run().fingerprint(),
        hosts.host(1).unwrap().run().fingerprint()
    );
    // A slot that was closed, or never opened, is an error, not a panic.
    assert!(hosts
        .handle(Message::Close { slot: 1 }, &clock)
        .unwrap()
        .is_empty());
    let step = Message::To {
        slot: 1,
        request: Request::StepEpoch,
    };
    assert!(hosts.handle(step, &clock).is_err());
    for slot in [vgp::remote::MAX_SLOTS, 99] {
        let far = Message::To {
            slot,
            request: Request::Sync,
        };
        assert!(hosts.handle(far, &clock).is_err(), "slot {slot}");
    }
    // The last slot there is holds a run.
    let last = Message::To {
        slot: vgp::remote::MAX_SLOTS - 1,
        request: Request::New {
            run_id: 9,
            config: a.clone(),
        },
    };
    assert_eq!(hosts.handle(last, &clock).unwrap().len(), 1);
}

/// One run of a comparison diverges at epoch 1 (exploding ReLU weights) long before the
/// other ends: lockstep keeps training the other to its target, by messages that each
/// ask for a few epochs and by one that asks for an epoch, and that run is still bit for
/// bit the same configuration trained alone.
#[test]
fn lockstep_trains_the_other_run_on_after_one_diverges_at_epoch_1() {
    use vgp::remote::{Message, RunHosts};
    let diverging = config("data=sine&act=relu&init=normal&scale=2&depth=6&width=16&n=80&lr=1");
    let healthy = config("data=moons&depth=3&width=8&n=80&batch=16");
    let clock = ticking_clock();
    for (slot_a, slot_b) in [(0, 1), (1, 0)] {
        let mut hosts = RunHosts::new();
        for (slot, c) in [(slot_a, &diverging), (slot_b, &healthy)] {
            let request = Request::New {
                run_id: slot as u32,
                config: c.clone(),
            };
            hosts.handle(Message::To { slot, request }, &clock).unwrap();
        }
        // Messages of two epochs each: the healthy run trains both every time, also in
        // the message in which the other one diverges.
        for message in 0..3 {
            let few = Message::Lockstep {
                budget_ms: f64::INFINITY,
                max_epochs: Some(2),
                until_epoch: None,
            };
            let updates = hosts.handle(few, &clock).unwrap();
            let healthy_update = updates.iter().find(|u| u.run_id == slot_b as u32).unwrap();
            assert_eq!(
                healthy_update.trained, 2,
                "message {message}, slot {slot_b}"
            );
        }
        // Then as the page plays to an epoch limit: short slices until the runs say
        // they are done.
        let mut slices = 0;
        loop {
            let slice = Message::Lockstep {
                budget_ms: 40.0,
                max_epochs: None,
                until_epoch: Some(25),
            };
            let updates = hosts.handle(slice, &clock).unwrap();
            assert_eq!(updates.len(), 2);
            slices += 1;
            assert!(slices < 10_000, "lockstep makes no progress");
            let healthy_update = updates.iter().find(|u| u.run_id == slot_b as u32).unwrap();
            if healthy_update.measured_epoch >= 25 || healthy_update.finished {
                break;
            }
        }
        let stopped = hosts.host(slot_a).unwrap().run();
        assert_eq!(
            stopped.diverged().map(|d| d.epoch),
            Some(1),
            "the diverging run (slot {slot_a})"
        );
        let trained = hosts.host(slot_b).unwrap().run();
        assert_eq!(trained.measured_epoch(), 25, "slot {slot_b} stopped early");
        let mut alone = Run::new(healthy.clone());
        while alone.epoch() < 25 && alone.step_epoch() {}
        assert_eq!(trained.fingerprint(), alone.fingerprint());
    }
}

/// The messages the page holds until the digits set's file reaches the host: exactly
/// those that start a run or a sweep of `digits`.
#[test]
fn only_a_new_run_or_sweep_of_digits_needs_the_digits_file() {
    use vgp::remote::Message;
    let digits = config("data=digits&depth=2");
    let circle = config("data=circle&depth=2");
    let to = |request| Message::To { slot: 1, request };
    let new = |config: &Config| Request::New {
        run_id: 3,
        config: config.clone(),
    };
    let sweep = |config: &Config| Request::Sweep {
        ticket: 1,
        config: config.clone(),
    };
    assert!(to(new(&digits)).needs_digits());
    assert!(to(sweep(&digits)).needs_digits());
    for message in [
        to(new(&circle)),
        to(sweep(&circle)),
        to(Request::Live {
            config: digits.clone(),
        }),
        to(Request::StepEpoch),
        to(Request::Sync),
        to(Request::RunFile { ticket: 2 }),
        Message::Close { slot: 0 },
        Message::Lockstep {
            budget_ms: 5.0,
            max_epochs: None,
            until_epoch: None,
        },
    ] {
        assert!(!message.needs_digits(), "{message:?}");
    }
}

/// `Detail` makes the host's Network numbers carry a wide layer's every connection, at
/// once and in every later update, until it is taken back.
#[test]
fn a_detail_request_answers_with_the_wide_layers_connections() {
    let query = "data=circle&n=60&depth=2&width=20&batch=10";
    let (mut host, mut mirror) = start(query);
    let time = Cell::new(0.0);
    let clock = || {
        time.set(time.get() + 1.0);
        time.get()
    };
    mirror.apply(host.handle(Request::StepEpoch, &clock));
    assert!(mirror
        .network()
        .is_some_and(|n| n.layers.iter().all(|l| !l.has_connections())));
    let answer = host.handle(Request::Detail { layer: Some(1) }, &clock);
    let sent = answer
        .network
        .clone()
        .expect("answered with the numbers at once");
    mirror.apply(answer);
    let mut direct = Run::new(config(query));
    direct.step_epoch();
    assert_eq!(Some(&sent), direct.diagram(Some(1)).as_ref());
    assert!(sent.layers[1].has_connections());
    mirror.apply(host.handle(Request::StepEpoch, &clock));
    assert!(mirror
        .network()
        .is_some_and(|n| n.epoch == 2 && n.layers[1].has_connections()));
    let back = host.handle(Request::Detail { layer: None }, &clock);
    assert!(back.network.is_some_and(|n| !n.layers[1].has_connections()));
}

/// An `Advance` trains for exactly its budget on the clock it is given: with a clock
/// that moves 1 ms per read, a budget of k ms allows k - 1 slices of work (each check
/// of the time is one read), the same slices a run stepped directly makes.
#[test]
fn an_advance_trains_exactly_as_long_as_its_budget_on_the_given_clock() {
    let query = "data=circle&n=60&depth=2&width=6&batch=10";
    let state = |r: &Run| (r.fingerprint(), r.epoch(), r.measured_epoch());
    let mut distinct = 0;
    for budget in 2..=30 {
        let (mut host, _) = start(query);
        let clock = ticking_clock();
        host.handle(
            Request::Advance {
                budget_ms: f64::from(budget),
                max_epochs: None,
                until_epoch: None,
            },
            &clock,
        );
        let mut direct = Run::new(config(query));
        for _ in 0..budget - 1 {
            direct.step_minibatch();
        }
        assert_eq!(state(host.run()), state(&direct), "budget {budget} ms");
        let before = state(&direct);
        direct.step_minibatch();
        if state(&direct) != before {
            distinct += 1;
        }
    }
    assert!(
        distinct > 20,
        "one slice more shows in {distinct} of 29 budgets"
    );
}

/// The surface waits while training goes on, and only then: an `Advance` that reached
/// the epoch it was asked to stop at (or a finished run) sends it at once, one that
/// stopped short of it (its epoch cap) waits like any continuing request.
#[test]
fn reaching_the_epoch_asked_for_ends_the_wait_for_the_surface() {
    let (mut host, _) = start("data=circle&n=60&depth=2&width=6&batch=10");
    // Time stands still: a continuing request is always too soon.
    let clock = || 100.0;
    let request = |max_epochs: Option<usize>, until_epoch: Option<usize>| Request::Advance {
        budget_ms: 1e9,
        max_epochs,
        until_epoch,
    };
    // The first is due (the last surface was at the start, long before).
    let warm = host.handle(request(Some(1), None), &clock);
    assert_eq!(warm.surface.map(|(e, _)| e), Some(1));
    let capped = host.handle(request(Some(1), None), &clock);
    assert_eq!(
        (capped.measured_epoch, capped.surface.is_some()),
        (2, false)
    );
    let short = host.handle(request(Some(1), Some(100)), &clock);
    assert_eq!(
        (short.measured_epoch, short.surface.is_some()),
        (3, false),
        "short of epoch 100"
    );
    let reached = host.handle(request(None, Some(4)), &clock);
    assert_eq!(reached.measured_epoch, 4);
    assert_eq!(
        reached.surface.map(|(e, _)| e),
        Some(4),
        "epoch 4 reached: no more follow"
    );
    let (mut done, _) = start("data=circle&n=60&depth=2&width=6&batch=10&epochs=2");
    let last = done.handle(request(Some(5), None), &clock);
    assert!(last.finished);
    assert_eq!(
        last.surface.map(|(e, _)| e),
        Some(2),
        "a finished run sends it at once"
    );
}

/// Once computed, the surface is not computed again while training goes on before four
/// times its cost has passed (and at least 50 ms): a surface that cost 100 ms waits 400.
#[test]
fn the_surface_waits_four_times_its_cost() {
    let (mut host, _) = start("data=circle&n=60&depth=2&width=6&batch=10");
    let (time, step) = (Cell::new(0.0), Cell::new(100.0));
    let clock = || {
        time.set(time.get() + step.get());
        time.get()
    };
    let advance = || Request::Advance {
        budget_ms: 1e12,
        max_epochs: Some(1),
        until_epoch: None,
    };
    // Every read 100 ms later: the surface (two reads around it) costs 100 ms. After
    // it, at most three more reads (the Network panel's numbers, the busy time).
    let first = host.handle(advance(), &clock);
    assert!(first.surface.is_some(), "due long after the start's");
    step.set(0.0);
    time.set(time.get() + 50.0);
    assert!(
        host.handle(advance(), &clock).surface.is_none(),
        "at most 350 ms after"
    );
    time.set(time.get() + 351.0);
    assert!(
        host.handle(advance(), &clock).surface.is_some(),
        "at least 401 ms after"
    );
}

/// `busy_ms` is the time the request took on the clock given: the reads after its first.
#[test]
fn busy_time_is_the_clock_time_the_request_took() {
    let (mut host, _) = start("data=circle&n=60&depth=2&width=6&batch=10");
    let t = Cell::new(1.0e6);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let whole = |v: f64| (1.0..1e5).contains(&v) && v.fract() == 0.0;
    for request in [
        Request::Sync,
        Request::StepEpoch,
        Request::Sweep {
            ticket: 1,
            config: config("data=circle&n=60&depth=2&width=6&batch=10"),
        },
    ] {
        let update = host.handle(request, &clock);
        assert!(whole(update.busy_ms), "{}", update.busy_ms);
    }
}

/// In lockstep too (two runs trained epoch for epoch), each run's `busy_ms` is the
/// clock time since the request began.
#[test]
fn lockstep_busy_time_is_the_clock_time_since_the_request_began() {
    use vgp::remote::{Message, RunHosts};
    let mut hosts = RunHosts::new();
    let t = Cell::new(1.0e6);
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    for slot in 0..2 {
        let new = Message::To {
            slot,
            request: Request::New {
                run_id: slot as u32 + 1,
                config: config("data=circle&n=60&depth=2&width=6&batch=10"),
            },
        };
        hosts.handle(new, &clock).expect("a run");
    }
    let updates = hosts
        .handle(
            Message::Lockstep {
                budget_ms: 40.0,
                max_epochs: Some(1),
                until_epoch: None,
            },
            &clock,
        )
        .expect("both answer");
    assert_eq!(updates.len(), 2);
    for u in updates {
        assert!(
            (1.0..1e5).contains(&u.busy_ms) && u.busy_ms.fract() == 0.0,
            "{}",
            u.busy_ms
        );
    }
}

/// Lockstep trains for exactly its budget too: with a clock that moves 1 ms per read, a
/// budget of k ms is k - 1 slices of work, each given to the run that is behind (fewest
/// epochs, the lower slot on a tie), as two runs stepped directly by that rule.
#[test]
fn lockstep_trains_exactly_as_long_as_its_budget_on_the_given_clock() {
    use vgp::remote::{Message, RunHosts};
    let queries = [
        "data=circle&n=60&depth=2&width=6&batch=10",
        "data=circle&n=60&depth=2&width=6&batch=10&act=relu",
    ];
    let state = |r: &Run| (r.fingerprint(), r.epoch(), r.measured_epoch());
    let mut distinct = 0;
    for budget in 2..=40 {
        let mut hosts = RunHosts::new();
        let clock = ticking_clock();
        for (slot, q) in queries.iter().enumerate() {
            let new = Message::To {
                slot,
                request: Request::New {
                    run_id: slot as u32 + 1,
                    config: config(q),
                },
            };
            hosts.handle(new, &clock).expect("a run");
        }
        let lockstep = Message::Lockstep {
            budget_ms: f64::from(budget),
            max_epochs: None,
            until_epoch: None,
        };
        hosts.handle(lockstep, &clock).expect("both answer");
        let mut direct: Vec<Run> = queries.iter().map(|q| Run::new(config(q))).collect();
        let behind = |runs: &[Run]| {
            if runs[1].epoch() < runs[0].epoch() {
                1
            } else {
                0
            }
        };
        for _ in 0..budget - 1 {
            let i = behind(&direct);
            direct[i].step_minibatch();
        }
        for (slot, run) in direct.iter().enumerate() {
            let hosted = hosts.host(slot).expect("a run").run();
            assert_eq!(state(hosted), state(run), "budget {budget} ms, slot {slot}");
        }
        let before: Vec<_> = direct.iter().map(state).collect();
        let i = behind(&direct);
        direct[i].step_minibatch();
        if direct.iter().map(state).collect::<Vec<_>>() != before {
            distinct += 1;
        }
    }
    assert!(
        distinct > 25,
        "one slice more shows in {distinct} of 39 budgets"
    );
}

/// The mirror keeps what the page gave it: its run's id, the warnings of its
/// configuration, and after a live change every live setting (momentum and clipping
/// included) as the run has them.
#[test]
fn the_mirror_keeps_its_id_its_warnings_and_every_live_setting() {
    let asked = config("data=moons&n=40&depth=2&width=4&batch=8");
    let too_deep = Config {
        depth: 500,
        ..asked.clone()
    };
    let mirror = RunMirror::new(42, too_deep.clone());
    assert_eq!(mirror.run_id(), 42);
    let (_, warnings) = too_deep.validate();
    assert!(!warnings.is_empty());
    assert_eq!(mirror.warnings(), &warnings[..]);
    let (mut host, mut mirror) = start("data=moons&n=40&depth=2&width=4&batch=8");
    assert_eq!(mirror.run_id(), 7);
    let live = config(
        "data=moons&n=40&depth=2&width=4&batch=8&opt=momentum&lr=0.3&mom=0.5&clip=2&epochs=9",
    );
    mirror.set_live(&live);
    mirror.apply(host.handle(Request::Live { config: live }, &ticking_clock()));
    assert_eq!(mirror.config(), host.run().config());
    assert_eq!((mirror.config().mom, mirror.config().clip), (0.5, 2.0));
}

/// In lockstep as alone, the surface waits only while training goes on: runs that
/// reached the epoch asked for send it at once, runs stopped short of it wait.
#[test]
fn lockstep_runs_that_reached_the_epoch_asked_for_send_the_surface_at_once() {
    use vgp::remote::{Message, RunHosts};
    let mut hosts = RunHosts::new();
    let start_clock = ticking_clock();
    for slot in 0..2 {
        let new = Message::To {
            slot,
            request: Request::New {
                run_id: slot as u32 + 1,
                config: config("data=circle&n=60&depth=2&width=6&batch=10"),
            },
        };
        hosts.handle(new, &start_clock).expect("a run");
    }
    // Time stands still, long after the start: the first surfaces are due, later ones
    // too soon while training goes on.
    let clock = || 1000.0;
    let step = |max_epochs: Option<usize>, until_epoch: Option<usize>| Message::Lockstep {
        budget_ms: 1e9,
        max_epochs,
        until_epoch,
    };
    let surfaces = |updates: Vec<vgp::remote::Update>| -> Vec<Option<usize>> {
        updates
            .into_iter()
            .map(|u| u.surface.map(|(e, _)| e))
            .collect()
    };
    let first = hosts.handle(step(Some(1), None), &clock).expect("answers");
    assert_eq!(surfaces(first), vec![Some(1), Some(1)]);
    let short = hosts
        .handle(step(Some(1), Some(50)), &clock)
        .expect("answers");
    assert_eq!(surfaces(short), vec![None, None], "short of epoch 50");
    let reached = hosts.handle(step(None, Some(3)), &clock).expect("answers");
    assert_eq!(surfaces(reached), vec![Some(3), Some(3)], "epoch 3 reached");
}

/// The sweep behind the boundary reports its progress every 100 ms of the clock it is
/// given, each report with the time since it began, and ends with one carrying the
/// sweep and the whole time.
#[test]
fn the_sweeps_reports_come_every_100_ms_with_the_time_since_it_began() {
    use vgp::remote::sweep_updates;
    let t = Cell::new(1.0e6);
    // One read per step of the sweep (and one at each end): 1 ms each.
    let clock = || {
        t.set(t.get() + 1.0);
        t.get()
    };
    let mut reports = Vec::new();
    let small = config("data=circle&n=40&width=3&batch=40");
    sweep_updates(3, &small, &clock, &mut |r| reports.push(r));
    let (last, progress) = reports.split_last().expect("a final report");
    assert!(progress.len() >= 2, "{} progress reports", progress.len());
    for (k, r) in progress.iter().enumerate() {
        assert_eq!(r.ticket, 3);
        assert!(r.result.is_none());
        assert_eq!(r.elapsed_ms, 100.0 * (k + 1) as f64, "report {k}");
    }
    assert!(last.result.as_ref().is_some_and(|s| s.is_ok()));
    // The last read is the final report's: the whole time from the first.
    assert_eq!(last.elapsed_ms, t.get() - 1.0e6 - 1.0);
    assert_eq!(last.progress, 1.0);
}

/// The mirror names the epoch of the surface it holds, none before the first.
#[test]
fn the_mirror_names_its_surfaces_epoch() {
    let query = "data=circle&n=60&depth=2&width=6&batch=10";
    assert_eq!(RunMirror::new(1, config(query)).surface_epoch(), None);
    let (mut host, mut mirror) = start(query);
    let clock = ticking_clock();
    for _ in 0..3 {
        mirror.apply(host.handle(Request::StepEpoch, &clock));
    }
    assert_eq!(mirror.surface_epoch(), Some(3));
}

/// A malformed message says so in words (the page shows it when a worker's message
/// cannot be read).
#[test]
fn a_malformed_message_says_so() {
    assert_eq!(
        vgp::remote::wire::Malformed.to_string(),
        "the message is malformed"
    );
}
