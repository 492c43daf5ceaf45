//! The neural network: activations, initializations, losses, batch norm, and the
//! forward and backward passes over flat f32 buffers.

pub mod activation;
pub mod batchnorm;
pub mod fastmath;
pub mod init;
#[cfg(any(target_arch = "wasm32", target_arch = "x86_64"))]
mod lanes;
pub mod linalg;
pub mod loss;
#[cfg(any(target_arch = "wasm32", target_arch = "x86_64"))]
mod narrow;
pub mod network;
pub mod reduce;
#[cfg(target_arch = "wasm32")]
mod simd;
pub mod workspace;

pub use batchnorm::NormMode;
pub use network::{LayerSpec, Network, ParamSlots};
pub use workspace::{BackwardNorms, Workspace};
