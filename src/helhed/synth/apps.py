from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "helhed.synth"
    label = "synth"
    verbose_name = "Synthetic municipality"
