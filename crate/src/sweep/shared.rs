//! The plan's shortcut: a seed's shallower networks measured on its deepest network's
//! forward pass, with an output layer of their own (`Head`), when (and only when) that
//! gives the same bits as measuring them alone.

use crate::config::Config;
use crate::nn::{Network, NormMode, Workspace};
use crate::train::{probe_backward, probe_batch, probe_grad_norm, Start};
use crate::RunRng;
use rand::SeedableRng;

/// An output layer on its own (a network of no hidden layer), which computes a shallower
/// network's logits from the deep forward pass with the same code as `Network::forward`.
#[derive(Debug)]
pub(super) struct Head {
    pub(super) net: Network,
    ws: Workspace,
}

/// Whether the network of `shallow` (at `depth`) computes exactly the forward pass of
/// `deep`'s first `depth` hidden layers, and `head` its output layer: the same data,
/// layers, leak and hidden weights, bit for bit. False when validation changed
/// something between the depths (a width reduced to fit the parameter budget).
pub(super) fn shares_forward(shallow: &Start, depth: usize, deep: &Start, head: &Network) -> bool {
    let (a, b) = (&shallow.net, &deep.net);
    let same = |x: &[f32], y: &[f32]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits())
    };
    let (Some(output), Some(hidden_b)) = (a.slots().get(depth), b.layers().get(..depth)) else {
        return false;
    };
    let end = output.weights.start;
    let (xa, ya) = probe_batch(&shallow.data);
    let (xb, yb) = probe_batch(&deep.data);
    a.layers().len() == depth + 1
        && a.layers()[..depth] == *hidden_b
        && head.layers() == &a.layers()[depth..]
        && a.leak.to_bits() == b.leak.to_bits()
        && b.params.len() >= end
        && same(&a.params[..end], &b.params[..end])
        && shallow.data.task == deep.data.task
        && same(xa, xb)
        && same(ya, yb)
}

/// A network of `net`'s output layer alone (None if `net` has no layer at `depth`).
pub(super) fn head_of(net: &Network, depth: usize) -> Option<Head> {
    let spec = net.layers().get(depth)?;
    let config = Config {
        depth: 0,
        ..Config::default()
    };
    // The weights drawn here are overwritten before every use.
    let mut rng = RunRng::seed_from_u64(0);
    Some(Head {
        net: Network::new(&config, spec.inputs, spec.outputs, &mut rng),
        ws: Workspace::new(),
    })
}

/// The first and last hidden layer's gradient norms of `shallow` (at `depth`) on the
/// deep forward pass in `deep_ws` (`train::probe_backward` computing only those two
/// layers' weight gradients, then `train::probe_grad_norm`): its first `depth` layers' buffers stand for the shallow
/// network's hidden layers, `head` computes the shallow output layer's logits from the
/// last of them, and after the backward pass everything is put back as it was.
pub(super) fn probe_on_deep(
    shallow: &Start,
    depth: usize,
    deep_ws: &mut Workspace,
    head: &mut Head,
) -> (f32, f32) {
    let out = &shallow.net.slots()[depth];
    let (weights, bias) = (
        head.net.slots()[0].weights.clone(),
        head.net.slots()[0].bias.clone(),
    );
    head.net.params[weights].copy_from_slice(&shallow.net.params[out.weights.clone()]);
    head.net.params[bias].copy_from_slice(&shallow.net.params[out.bias.clone()]);
    let rows = deep_ws.rows;
    let width = head.net.inputs();
    head.net.forward(
        deep_ws.layers[depth - 1].output(rows * width),
        NormMode::Probe,
        &mut head.ws,
    );
    let deeper = deep_ws.layers.split_off(depth);
    deep_ws.layers.push(std::mem::take(&mut head.ws.layers[0]));
    deep_ws.only_weight_gradients_of = Some([0, depth - 1]);
    probe_backward(&shallow.net, &shallow.data, deep_ws);
    deep_ws.only_weight_gradients_of = None;
    let first = probe_grad_norm(&shallow.net, deep_ws, 0);
    let last = probe_grad_norm(&shallow.net, deep_ws, depth - 1);
    if let Some(logits) = deep_ws.layers.pop() {
        head.ws.layers[0] = logits;
    }
    deep_ws.layers.extend(deeper);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan's shortcut applies: a shallower network of the same configuration and
    /// seed computes a prefix of the deeper one's forward pass (also with batch norm and
    /// skip connections), and another seed or width does not.
    #[test]
    fn shallower_networks_share_the_deeper_forward_pass() {
        let base = Config {
            width: 8,
            n: 60,
            ..Config::default()
        };
        for (bn, res) in [(false, false), (true, true)] {
            let c = Config {
                bn,
                res,
                ..base.clone()
            };
            let deep = Start::new(Config {
                depth: 6,
                ..c.clone()
            });
            for d in 1..=6 {
                let shallow = Start::new(Config {
                    depth: d,
                    ..c.clone()
                });
                let head = head_of(&shallow.net, d).expect("an output layer");
                assert!(shares_forward(&shallow, d, &deep, &head.net), "depth {d}");
            }
        }
        let deep = Start::new(Config {
            depth: 6,
            ..base.clone()
        });
        for other in [
            Config {
                depth: 3,
                seed: 2,
                ..base.clone()
            },
            Config {
                depth: 3,
                width: 7,
                ..base.clone()
            },
        ] {
            let shallow = Start::new(other);
            let head = head_of(&shallow.net, 3).expect("an output layer");
            assert!(!shares_forward(&shallow, 3, &deep, &head.net));
        }
    }
}
