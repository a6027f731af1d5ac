"""Domain core of the AMO assistant: knowledge, advice engine, French parsing.

Plain Python: nothing here imports Rasa.
"""
