//! The layouts of the worker's messages in the binary form of `wire.rs`: structs as
//! their fields in order, enums as a one-byte tag (unit enums: their place in `ALL`)
//! followed by the variant's fields.

use super::wire::{wire_struct, Malformed, Reader, Wire};
use super::{Message, Request, SweepReport, Update};
use crate::config::{Activation, Config, DatasetKind, Init, OptimizerKind};
use crate::diagram::{LayerSnapshot, NetworkSnapshot};
use crate::metrics::{Distributions, EpochMetrics, Histogram, LayerGain};
use crate::sweep::{Sweep, SweepSeries};
use crate::train::Divergence;

/// Enums without fields as their index in `ALL`.
macro_rules! wire_unit_enum {
    ($($ty:ty),*) => {$(
        impl Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let index = <$ty>::ALL.iter().position(|v| v == self).unwrap_or(0);
                (index as u8).put(out);
            }
            fn get(r: &mut Reader) -> Result<Self, Malformed> {
                let index = usize::from(u8::get(r)?);
                <$ty>::ALL.get(index).copied().ok_or(Malformed)
            }
        }
    )*};
}
wire_unit_enum!(DatasetKind, Activation, Init, OptimizerKind);

wire_struct!(Config {
    data,
    n,
    noise,
    test,
    depth,
    width,
    act,
    leak,
    init,
    scale,
    bn,
    res,
    opt,
    lr,
    mom,
    batch,
    clip,
    epochs,
    seed,
});
wire_struct!(EpochMetrics {
    epoch,
    train_loss,
    test_loss,
    train_accuracy,
    test_accuracy,
    grad_norm,
    act_grad_norm,
    weight_norm,
    update_ratio,
    dead_fraction,
    saturation,
    tracked_weights,
});
wire_struct!(Histogram { lo, hi, counts });
wire_struct!(Distributions {
    epoch,
    activations,
    gradients
});
wire_struct!(LayerGain {
    activation,
    norm,
    weights,
    skip,
    total
});
wire_struct!(Divergence { epoch, reason });
wire_struct!(NetworkSnapshot { epoch, layers });
wire_struct!(LayerSnapshot {
    inputs,
    outputs,
    weight,
    grad,
    update,
    slope,
    dead,
    saturated,
});
wire_struct!(SweepSeries {
    id,
    label,
    config,
    query,
    depths,
    ratios,
    median,
    min,
    max,
    defined,
    warnings,
});
wire_struct!(Sweep {
    query,
    seeds,
    series
});
wire_struct!(SweepReport {
    ticket,
    progress,
    elapsed_ms,
    result
});
wire_struct!(Update {
    run_id,
    epochs,
    epoch,
    measured_epoch,
    finished,
    diverged,
    trained,
    busy_ms,
    params,
    distributions,
    gains,
    network,
    surface,
    run_file,
    memory_bytes,
    sweep,
});

impl Wire for Request {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Request::New { run_id, config } => {
                0u8.put(out);
                run_id.put(out);
                config.put(out);
            }
            Request::Live { config } => {
                1u8.put(out);
                config.put(out);
            }
            Request::Advance {
                budget_ms,
                max_epochs,
                until_epoch,
            } => {
                2u8.put(out);
                budget_ms.put(out);
                max_epochs.put(out);
                until_epoch.put(out);
            }
            Request::StepEpoch => 3u8.put(out),
            Request::Sync => 4u8.put(out),
            Request::RunFile { ticket } => {
                5u8.put(out);
                ticket.put(out);
            }
            Request::Sweep { ticket, config } => {
                6u8.put(out);
                ticket.put(out);
                config.put(out);
            }
            Request::Detail { layer } => {
                7u8.put(out);
                layer.put(out);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        Ok(match u8::get(r)? {
            0 => Request::New {
                run_id: Wire::get(r)?,
                config: Wire::get(r)?,
            },
            1 => Request::Live {
                config: Wire::get(r)?,
            },
            2 => Request::Advance {
                budget_ms: Wire::get(r)?,
                max_epochs: Wire::get(r)?,
                until_epoch: Wire::get(r)?,
            },
            3 => Request::StepEpoch,
            4 => Request::Sync,
            5 => Request::RunFile {
                ticket: Wire::get(r)?,
            },
            6 => Request::Sweep {
                ticket: Wire::get(r)?,
                config: Wire::get(r)?,
            },
            7 => Request::Detail {
                layer: Wire::get(r)?,
            },
            _ => return Err(Malformed),
        })
    }
}

impl Wire for Message {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Message::To { slot, request } => {
                0u8.put(out);
                slot.put(out);
                request.put(out);
            }
            Message::Lockstep {
                budget_ms,
                max_epochs,
                until_epoch,
            } => {
                1u8.put(out);
                budget_ms.put(out);
                max_epochs.put(out);
                until_epoch.put(out);
            }
            Message::Close { slot } => {
                2u8.put(out);
                slot.put(out);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, Malformed> {
        Ok(match u8::get(r)? {
            0 => Message::To {
                slot: Wire::get(r)?,
                request: Wire::get(r)?,
            },
            1 => Message::Lockstep {
                budget_ms: Wire::get(r)?,
                max_epochs: Wire::get(r)?,
                until_epoch: Wire::get(r)?,
            },
            2 => Message::Close {
                slot: Wire::get(r)?,
            },
            _ => return Err(Malformed),
        })
    }
}
