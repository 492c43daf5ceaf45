//! The neural network: activations, initializations, losses, batch norm, and the
//! forward and backward passes over flat f32 buffers.

pub mod activation;
pub mod batchnorm;
pub mod fastmath;
pub mod init;
pub mod linalg;
pub mod loss;
#[cfg(target_arch = "wasm32")]
mod narrow;
pub mod network;
#[cfg(target_arch = "wasm32")]
mod simd;
pub mod workspace;

pub use batchnorm::NormMode;
pub use network::{LayerSpec, Network, ParamSlots};
pub use workspace::{BackwardNorms, Workspace};
