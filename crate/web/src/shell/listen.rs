//! Listen's sound: one short sine tone per frequency, one after the other, through the
//! Web Audio API (an `OscillatorNode` into a `GainNode` whose volume ramps up and down
//! over each tone, so it starts and ends without a click). The audio context is made
//! on the press (browsers let a page start sound only from a user's gesture) and closed
//! when the tones stop, so nothing holds the audio device afterwards.

use vgp::describe::listen::{GAP_S, TONE_S};
use web_sys::AudioContext;

/// Loudness of a tone at its peak (of 1).
const PEAK: f32 = 0.2;
/// How long a tone's volume takes to rise and to fall, in seconds.
const RAMP_S: f64 = 0.02;

/// The audio context while tones play.
#[derive(Default)]
pub struct Listen {
    context: Option<AudioContext>,
}

impl Listen {
    /// Play `tones` (Hz), each `TONE_S` long with `GAP_S` between; replaces any playing.
    pub fn play(&mut self, tones: &[f32]) {
        self.stop();
        let Ok(context) = AudioContext::new() else {
            return;
        };
        let start = context.current_time() + 0.05;
        for (i, &hz) in tones.iter().enumerate() {
            let at = start + i as f64 * (TONE_S + GAP_S);
            let (Ok(tone), Ok(volume)) = (context.create_oscillator(), context.create_gain())
            else {
                break;
            };
            tone.frequency().set_value(hz);
            let gain = volume.gain();
            let _ = gain.set_value_at_time(0.0, at);
            let _ = gain.linear_ramp_to_value_at_time(PEAK, at + RAMP_S);
            let _ = gain.linear_ramp_to_value_at_time(PEAK, at + TONE_S - RAMP_S);
            let _ = gain.linear_ramp_to_value_at_time(0.0, at + TONE_S);
            let _ = tone.connect_with_audio_node(&volume);
            let _ = volume.connect_with_audio_node(&context.destination());
            let _ = tone.start_with_when(at);
            let _ = tone.stop_with_when(at + TONE_S);
        }
        self.context = Some(context);
    }

    /// Stop the tones and release the audio device.
    pub fn stop(&mut self) {
        if let Some(context) = self.context.take() {
            let _ = context.close();
        }
    }
}
